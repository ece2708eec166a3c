package com.vobizrouter.config;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.sql.DataSource;

import com.vobizrouter.intake.ClientAddressResolver;
import com.vobizrouter.inbox.EventTraces;
import com.vobizrouter.inbox.InboxWriter;
import com.vobizrouter.inbox.SqlDialect;
import com.vobizrouter.intake.GroupCommitInbox;
import com.vobizrouter.intake.IntakeResponder;
import com.vobizrouter.intake.RawBodyCaptureFilter;
import com.vobizrouter.intake.TracedRequest;
import com.vobizrouter.intake.source.SourceEndpoints;
import com.vobizrouter.intake.source.SourceInboxes;
import com.vobizrouter.intake.source.SourceIntake;
import com.vobizrouter.intake.source.WebhookSource;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.processor.idempotent.jdbc.JdbcMessageIdRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The webhook sources, the built-in {@code vobiz} of {@code router.webhook} and those of
 * {@code router.sources}: the beans the routes of {@code routes/source-intake.camel.yaml} refer to
 * ({@code sourceIntake}, {@code sourceInboxes}), one route per source on its path
 * ({@link SourceEndpoints}), and the body capture on those paths. Request limits
 * ({@code max-body-bytes}, {@code body-read-timeout}) and trusted proxies are the ones of
 * {@code router.webhook}, for every source.
 */
@Configuration(proxyBeanMethods = false)
public class SourcesConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(SourcesConfiguration.class);

    @Bean
    WebhookSources webhookSources(SourcesSettings properties, WebhookSettings webhook, EventSettings events, SettingsValidator settings,
            DedupSettings dedup, Clock clock) {
        WebhookSources sources = new WebhookSources(properties, webhook, events, settings, dedup.retention(), clock);
        sources.sources().forEach(source -> LOG.info("webhook source {} ({}) on {}, dispatching {}", source.name(),
                source.profile().name(), source.path(), source.events()));
        return sources;
    }

    @Bean
    SourceIntake sourceIntake(WebhookSources sources, IntakeResponder intakeResponder) {
        return new SourceIntake(sources.sources(), intakeResponder);
    }

    /**
     * The Idempotent Consumer's repository: each source's own group commit, keys under its own
     * {@code processorName}, so an event's key and its inbox row commit together, in transactions
     * shared by concurrent requests. camel-sql's repository on the same table serves the
     * single-key operations; the table belongs to Flyway, so neither creates it. The intake route
     * starts and stops it; its writer threads come from Camel's thread pools.
     */
    @Bean
    SourceInboxes sourceInboxes(CamelContext camelContext, WebhookSources sources, DataSource dataSource, SqlDialect dialect,
            PlatformTransactionManager transactionManager, StorageSettings storage, MeterRegistry meterRegistry) {
        Map<String, GroupCommitInbox> inboxes = new LinkedHashMap<>();
        for (WebhookSource source : sources.sources()) {
            JdbcMessageIdRepository keys = new JdbcMessageIdRepository(dataSource, source.processorName());
            keys.setCreateTableIfNotExists(false);
            inboxes.put(source.name(), new GroupCommitInbox(camelContext, new InboxWriter(dataSource, dialect, source.processorName()),
                    transactionManager, keys, source.name(), storage.writers(), storage.maxBatch(), storage.answerTimeout(),
                    meterRegistry));
        }
        return new SourceInboxes(inboxes);
    }

    @Bean
    SourceEndpoints sourceEndpoints(WebhookSources sources, EventTraces traces) {
        return new SourceEndpoints(sources.sources(), new TracedRequest(traces));
    }

    /**
     * The exact body bytes on the sources' paths, never read from an address outside the source's
     * {@code allowed-cidrs}. The requests it refuses itself (body stopped arriving or broken) are
     * reported to the intake responder, naming the source, so they are logged, counted and
     * recorded like every other refusal. The responder is looked up on first use: filters are
     * built before the beans it needs.
     */
    @Bean
    FilterRegistrationBean<RawBodyCaptureFilter> rawBodyCaptureFilter(WebhookSources sources, WebhookSettings webhook,
            SettingsValidator settings, ObjectProvider<IntakeResponder> intakeResponder) {
        ClientAddressResolver clients = new ClientAddressResolver(settings.trustedProxies());
        Map<String, WebhookSource> byPath = new LinkedHashMap<>();
        sources.sources().forEach(source -> byPath.put(source.path(), source));
        RawBodyCaptureFilter.Refusals refusals = (request, status, reason, detail, bodyStart) -> intakeResponder.getObject()
                .refusedBeforeRoute(byPath.containsKey(request.getRequestURI()) ? byPath.get(request.getRequestURI()).name() : "unknown",
                        clients.resolve(request.getRemoteAddr(), request.getHeaders("X-Forwarded-For")), status, reason, detail, bodyStart);
        FilterRegistrationBean<RawBodyCaptureFilter> registration = new FilterRegistrationBean<>(new RawBodyCaptureFilter(
                webhook.maxBodyBytes(), webhook.bodyReadTimeout(), refusals, request -> {
                    WebhookSource source = byPath.get(request.getRequestURI());
                    return source == null || source.guard().allowsAddress(request);
                }));
        registration.setName("rawBodyCaptureFilter");
        if (byPath.isEmpty()) {
            // Without URL patterns a filter would be mapped to every path.
            registration.setEnabled(false);
        } else {
            registration.addUrlPatterns(byPath.keySet().toArray(String[]::new));
        }
        // Before any filter that might read the body as characters or form parameters.
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }
}
