package com.vobizrouter.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import com.vobizrouter.dispatch.Backoff;
import com.vobizrouter.dispatch.Deliveries;
import com.vobizrouter.dispatch.Destinations;
import com.vobizrouter.dispatch.DispatchFailureHandler;
import com.vobizrouter.dispatch.DoneMarks;
import com.vobizrouter.dispatch.EventTypeRoutes;
import com.vobizrouter.dispatch.FailureClassifier;
import com.vobizrouter.dispatch.FailureRules;
import com.vobizrouter.dispatch.InboxDispatcher;
import com.vobizrouter.inbox.InboxMonitor;
import com.vobizrouter.inbox.InboxStore;
import com.vobizrouter.inbox.SqlDialect;
import com.vobizrouter.dispatch.SinkBudgets;
import com.vobizrouter.dispatch.SinkLocks;
import com.vobizrouter.dispatch.SinkStates;
import com.vobizrouter.dispatch.Settlements;
import com.vobizrouter.sink.database.DatabaseSinkMapping;
import com.vobizrouter.sink.SinkApiCalls;
import com.vobizrouter.sink.database.DatabaseSinkWriter;
import com.vobizrouter.dispatch.Mappings;
import com.vobizrouter.sink.salesforce.SalesforceContactBatcher;
import com.vobizrouter.sink.salesforce.SalesforceDailyBudget;
import com.vobizrouter.sink.salesforce.SalesforceFailureRules;
import com.vobizrouter.sink.salesforce.SalesforceRecords;
import com.vobizrouter.sink.zendesk.ZendeskFailureRules;
import com.vobizrouter.sink.SinkCredentials;
import com.vobizrouter.sink.SinkHealthIndicator;
import com.vobizrouter.sink.zendesk.ZendeskMappings;
import com.vobizrouter.sink.zendesk.ZendeskConversations;
import com.vobizrouter.sink.zendesk.ZendeskTicketCreation;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.Service;
import org.apache.camel.component.salesforce.SalesforceEndpointConfig;
import org.apache.camel.component.salesforce.springboot.SalesforceComponentConfiguration;
import org.asynchttpclient.AsyncHttpClient;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The beans the dispatch and sink routes refer to by name ({@code inboxDispatcher},
 * {@code dispatchFailures}, {@code sinkLocks}, {@code sinkBudgets}, {@code sinkCredentials}, {@code databaseSinkMapping},
 * {@code databaseSinkWriter}, {@code salesforceRecords}, {@code salesforceContactBatcher}, {@code zendeskConversations},
 * {@code zendeskMappings}, {@code zendeskTicketCreation}), the count of the sinks' API calls and the sinks' health.
 */
@Configuration(proxyBeanMethods = false)
public class DispatchConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    InboxStore inboxStore(DataSource dataSource, SqlDialect dialect, PlatformTransactionManager transactionManager, Clock clock,
            DispatchSettings dispatch, Environment environment) {
        // SKIP LOCKED lets instances claim side by side on PostgreSQL; embedded H2 has one instance only.
        return new InboxStore(dataSource, new TransactionTemplate(transactionManager), clock, dialect,
                instanceName(dispatch, environment));
    }

    /**
     * This instance's name in its leases: {@code router.dispatch.instance-id}, else the host name and
     * the webhook port (unique among running instances: two cannot listen on one port of one host,
     * and a restarted one gets the same name); null on a random port, where no name survives a restart.
     */
    static String instanceName(DispatchSettings dispatch, Environment environment) {
        if (!dispatch.instanceId().isEmpty()) {
            return dispatch.instanceId();
        }
        int port = environment.getProperty("server.port", Integer.class, 8080);
        String host = System.getenv("HOSTNAME");
        try {
            host = host == null || host.isBlank() ? InetAddress.getLocalHost().getHostName() : host;
        } catch (UnknownHostException unnamed) {
            return null;
        }
        String name = host.replaceAll("[^A-Za-z0-9.-]", "") + ":" + port;
        return port <= 0 || name.length() > 64 ? null : name;
    }

    @Bean
    SinkLocks sinkLocks(DataSource dataSource, Clock clock, DispatchSettings dispatch) {
        return new SinkLocks(dataSource, clock, dispatch.lease());
    }

    @Bean
    SinkStates sinkStates(Clock clock) {
        return new SinkStates(clock);
    }

    @Bean
    DoneMarks doneMarks(CamelContext camelContext, InboxStore inboxStore, DispatchSettings dispatch) throws Exception {
        return startedWithCamel(camelContext, new DoneMarks(camelContext, inboxStore, dispatch.concurrency()));
    }

    @Bean
    Settlements settlements(CamelContext camelContext, InboxStore inboxStore, DispatchSettings dispatch) throws Exception {
        return startedWithCamel(camelContext, new Settlements(camelContext, inboxStore, dispatch.concurrency()));
    }

    @Bean
    InboxDispatcher inboxDispatcher(InboxStore inboxStore, DoneMarks doneMarks, Settlements settlements, SinkStates sinkStates,
            SinkLocks sinkLocks, DispatchSettings dispatch, Environment environment, ObjectMapper json, MeterRegistry meters, Clock clock) {
        return new InboxDispatcher(inboxStore, doneMarks, sinkStates, dispatch.batchSize(), dispatch.concurrency(),
                dispatch.lease(), dispatch.pollInterval(), json, meters, clock).takingBackFirst(instanceName(dispatch, environment), sinkLocks)
                .settlingWith(settlements);
    }

    @Bean
    SinkBudgets sinkBudgets(DataSource dataSource, Clock clock, Destinations destinations, MeterRegistry meters) {
        return new SinkBudgets(dataSource, clock, destinations.rateLimits(), meters);
    }

    @Bean
    DispatchFailureHandler dispatchFailures(InboxStore inboxStore, SinkStates sinkStates, SinkBudgets sinkBudgets,
            DispatchSettings dispatch, SettingsValidator checked, Clock clock, MeterRegistry meters, List<FailureRules> sinkFailureRules,
            Deliveries deliveries) {
        // SettingsValidator is a parameter so that max-backoff >= initial-backoff is checked before use.
        return new DispatchFailureHandler(inboxStore, new FailureClassifier(sinkFailureRules),
                new Backoff(dispatch.initialBackoff(), dispatch.maxBackoff()), sinkStates, sinkBudgets, dispatch.maxAttempts(),
                dispatch.parkedRecheck(), clock, meters).withDestinations(deliveries);
    }

    @Bean
    SinkCredentials sinkCredentials(Environment environment) {
        return new SinkCredentials(environment);
    }

    @Bean
    DatabaseSinkMapping databaseSinkMapping() {
        return new DatabaseSinkMapping();
    }

    @Bean
    DatabaseSinkWriter databaseSinkWriter(CamelContext camelContext, DataSource dataSource, SqlDialect dialect,
            PlatformTransactionManager transactionManager, DispatchSettings dispatch) throws Exception {
        return startedWithCamel(camelContext, new DatabaseSinkWriter(camelContext, new JdbcTemplate(dataSource),
                new TransactionTemplate(transactionManager), dialect, Math.max(1, dispatch.concurrency())));
    }

    /**
     * The records the Salesforce sink upserts, as {@code router.destinations.salesforce.mapping}
     * makes them; without that key the router does not start (the shipped application.yaml has it).
     */
    @Bean
    SalesforceRecords salesforceRecords(Mappings mappings) {
        if (!mappings.has(SalesforceRecords.DESTINATION, Mappings.BODY)) {
            throw new InvalidSettingException("router.destinations.salesforce.mapping", "is required: the jq program that makes the "
                    + "Salesforce record of an event (the shipped application.yaml has one)");
        }
        return new SalesforceRecords(mappings);
    }

    @Bean
    SalesforceContactBatcher salesforceContactBatcher(ProducerTemplate producer, SalesforceSettings salesforce,
            ObjectProvider<SalesforceComponentConfiguration> camelSalesforce, SinkApiCalls sinkApiCalls, SinkBudgets sinkBudgets,
            MeterRegistry meters, ObjectMapper json) throws Exception {
        return startedWithCamel(producer.getCamelContext(), new SalesforceContactBatcher(producer, salesforceApiVersion(camelSalesforce), salesforce.batchLinger(), json, sinkApiCalls,
                new SalesforceDailyBudget(sinkBudgets, salesforce.dailyShare(), meters)));
    }

    /**
     * The REST API version the Camel Salesforce component itself uses ({@code camel.component.salesforce.api-version},
     * Camel's default when unset), so the batched upserts never call another version than the component.
     */
    private static String salesforceApiVersion(ObjectProvider<SalesforceComponentConfiguration> camelSalesforce) {
        SalesforceComponentConfiguration configuration = camelSalesforce.getIfAvailable();
        String version = configuration == null || configuration.getApiVersion() == null
                ? SalesforceEndpointConfig.DEFAULT_VERSION : configuration.getApiVersion();
        if (!version.matches("\\d+\\.\\d+")) {
            throw new InvalidSettingException("camel.component.salesforce.api-version", "must be a version such as "
                    + SalesforceEndpointConfig.DEFAULT_VERSION);
        }
        return version;
    }

    @Bean
    SalesforceFailureRules salesforceFailureRules() {
        return new SalesforceFailureRules();
    }

    @Bean
    ZendeskFailureRules zendeskFailureRules() {
        return new ZendeskFailureRules();
    }

    /**
     * The Zendesk sink's deliveries, with what {@code router.destinations.zendesk.mapping} makes of
     * each message; without that key the router does not start (the shipped application.yaml has it).
     */
    @Bean
    ZendeskConversations zendeskConversations(Mappings mappings, ProducerTemplate producer, ZendeskMappings zendeskMappings,
            ZendeskTicketCreation zendeskTicketCreation, SinkLocks sinkLocks, SinkBudgets sinkBudgets) {
        if (!mappings.has(ZendeskConversations.DESTINATION, Mappings.BODY)) {
            throw new InvalidSettingException("router.destinations.zendesk.mapping", "is required: the jq program that makes the "
                    + "Zendesk ticket and comment of a message (the shipped application.yaml has one)");
        }
        return new ZendeskConversations(mappings, producer, zendeskMappings, zendeskTicketCreation, sinkLocks, sinkBudgets);
    }

    @Bean
    ZendeskMappings zendeskMappings(DataSource dataSource, Clock clock) {
        return new ZendeskMappings(dataSource, clock);
    }

    @Bean
    ZendeskTicketCreation zendeskTicketCreation(SinkApiCalls sinkApiCalls, AsyncHttpClient zendeskHttpClient) {
        return new ZendeskTicketCreation(sinkApiCalls, zendeskHttpClient);
    }

    /** An event notifier: Camel counts the calls made through the Zendesk endpoints with it; the other sinks count their own. */
    @Bean
    SinkApiCalls sinkApiCalls(MeterRegistry meters, List<FailureRules> sinkFailureRules, Clock clock) {
        return new SinkApiCalls(meters, sinkFailureRules, clock);
    }

    /**
     * An event notifier: binds direct:event-<type> routes by name whenever routes are added, removed or reloaded.
     * Added here, before Camel starts: Camel adds only the notifiers that exist when it is configured.
     */
    @Bean
    EventTypeRoutes eventTypeRoutes(CamelContext camelContext) {
        EventTypeRoutes routes = new EventTypeRoutes(camelContext);
        camelContext.getManagementStrategy().addEventNotifier(routes);
        return routes;
    }

    /** The CamelContext starts the service with itself and stops it after the routes that use it. */
    private static <S extends Service> S startedWithCamel(CamelContext camelContext, S service) throws Exception {
        camelContext.addService(service, true);
        return service;
    }

    @Bean
    InboxMonitor inboxHealthIndicator(DataSource dataSource, Clock clock, HealthSettings health, MeterRegistry meters) {
        return new InboxMonitor(dataSource, clock, health.backlogMaxSize(), health.backlogMaxAge(), meters);
    }

    @Bean
    SinkHealthIndicator sinksHealthIndicator(SinkStates sinkStates, SinkCredentials credentials, Destinations destinations) {
        return new SinkHealthIndicator(sinkStates, credentials, destinations);
    }
}
