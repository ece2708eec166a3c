package com.vobizrouter.config;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.vobizrouter.dispatch.Deliveries;
import com.vobizrouter.dispatch.Destination;
import com.vobizrouter.dispatch.DestinationComponent;
import com.vobizrouter.dispatch.Destinations;
import com.vobizrouter.dispatch.DryRun;
import com.vobizrouter.dispatch.FailureClassifier;
import com.vobizrouter.dispatch.FailureRules;
import com.vobizrouter.dispatch.Mapping;
import com.vobizrouter.dispatch.Mappings;
import com.vobizrouter.dispatch.SinkBudgets;
import com.vobizrouter.inbox.EventTraces;
import com.vobizrouter.sink.http.HttpAuth;
import com.vobizrouter.sink.http.HttpDestination;
import com.vobizrouter.sink.http.HttpDestinations;
import com.vobizrouter.sink.database.DatabaseSinkMapping;
import com.vobizrouter.sink.http.HttpFailureRules;
import com.vobizrouter.sink.salesforce.SalesforceRecord;
import com.vobizrouter.sink.zendesk.ZendeskConversations;
import com.vobizrouter.sink.kafka.KafkaDestination;
import com.vobizrouter.sink.kafka.KafkaDestinations;
import com.vobizrouter.sink.kafka.KafkaFailureRules;
import com.vobizrouter.sink.sql.SqlDestination;
import com.vobizrouter.sink.sql.SqlDestinations;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The destinations ({@code router.destinations.<name>.*} over the built-in ones), checked: a bad
 * name, an unknown kind, an {@code http} destination without a usable url, and the like stop
 * start-up with one line naming the key. Also the beans the dispatch route uses with them: the
 * {@code destination:} component of the routing table, {@code deliveries}, and
 * {@code httpDestinations} and {@code kafkaDestinations} with their failure rules.
 */
@Configuration(proxyBeanMethods = false)
public class DestinationsConfiguration {

    /** The kinds a destination of its own may have in this version. */
    private static final Set<Destination.Kind> OWN_KINDS = Set.of(Destination.Kind.HTTP, Destination.Kind.KAFKA, Destination.Kind.SQL);

    @Bean
    Destinations destinations(DestinationsSettings settings, DispatchSettings dispatch, SalesforceSettings salesforce,
            ZendeskSettings zendesk) {
        return new Destinations(build(settings, dispatch.maxAttempts(), Map.of(Destinations.SALESFORCE, salesforce.rateLimit(),
                Destinations.ZENDESK, zendesk.rateLimit())));
    }

    /** The component of the routing table's {@code to: destination:<name>}. */
    @Bean("destination")
    DestinationComponent destinationComponent(Destinations destinations) {
        return new DestinationComponent(destinations);
    }

    /** The {@code http} destinations' deliveries (route {@code http-destination}), one connection pool each. */
    @Bean
    HttpDestinations httpDestinations(DestinationsSettings settings, Destinations checked, DispatchSettings dispatch, SinkBudgets sinkBudgets,
            Mappings mappings, ObjectMapper mapper, Clock clock, EventTraces traces) {
        List<HttpDestination> http = new ArrayList<>();
        for (Destination destination : checked.all()) {
            if (destination.kind() == Destination.Kind.HTTP) {
                http.add(http(destination.name(), settings.byName().get(destination.name()), dispatch.concurrency()));
            }
        }
        return new HttpDestinations(http, sinkBudgets, mappings, mapper, clock).tracing(traces);
    }

    /**
     * Every destination's jq mappings, compiled: one that does not compile stops start-up naming
     * {@code router.destinations.<name>.mapping} (or {@code .key}).
     */
    @Bean
    Mappings mappings(DestinationsSettings settings, Destinations checked, ObjectMapper mapper) {
        return new Mappings(compiled(settings, checked, mapper), mapper);
    }

    static Map<String, Map<String, Mapping>> compiled(DestinationsSettings settings, Destinations checked, ObjectMapper mapper) {
        Map<String, Map<String, Mapping>> byDestination = new LinkedHashMap<>();
        for (Destination destination : checked.all()) {
            DestinationsSettings.Destination own = settings.byName().get(destination.name());
            if (own == null) {
                continue;
            }
            String key = "router.destinations." + destination.name();
            Map<String, Mapping> mappings = new LinkedHashMap<>();
            if (own.mapping() != null && destination.kind() == Destination.Kind.SQL && Destinations.BUILT_IN.containsKey(destination.name())) {
                throw new InvalidSettingException(key + ".mapping", "the router's own table " + destination.name()
                        + " takes no mapping; make a sql destination of your own for another shape");
            }
            if (own.mapping() != null) {
                mappings.put(Mappings.BODY, mapping(key + ".mapping", own.mapping(), mapper));
            }
            if (own.key() != null) {
                if (destination.kind() != Destination.Kind.KAFKA) {
                    throw new InvalidSettingException(key + ".key", "only a kafka destination has a record key");
                }
                mappings.put(Mappings.KEY, mapping(key + ".key", own.key(), mapper));
            }
            if (!mappings.isEmpty()) {
                byDestination.put(destination.name(), mappings);
            }
        }
        return byDestination;
    }

    private static Mapping mapping(String key, String program, ObjectMapper mapper) {
        try {
            return Mapping.compile(program, mapper);
        } catch (IllegalArgumentException refused) {
            throw new InvalidSettingException(key, refused.getMessage());
        }
    }

    /**
     * The dry run ({@code POST /admin/dry-run}): the routing table as loaded now, and for every
     * destination what its sink would make of the event, never sent.
     */
    @Bean
    DryRun dryRun(org.apache.camel.CamelContext camel, Deliveries deliveries, Destinations destinations, HttpDestinations http,
            KafkaDestinations kafka, SqlDestinations sql, DatabaseSinkMapping tables, Mappings mappings,
            ZendeskConversations zendesk, List<FailureRules> failureRules, ObjectMapper mapper) {
        Map<String, DryRun.Preview> previews = new LinkedHashMap<>();
        for (Destination destination : destinations.all()) {
            String name = destination.name();
            DryRun.Preview preview = switch (name) {
                case Destinations.ANALYTICS -> exchange -> Map.of("table", "vobiz_event", "row", tables.vobizEvent(exchange));
                case Destinations.MESSAGE_STATUS -> exchange -> Map.of("table", "message_status", "row", tables.messageStatus(exchange));
                case Destinations.CAMPAIGN_RESULT -> exchange -> Map.of("table", "campaign_result", "row", tables.campaignResult(exchange));
                case Destinations.SALESFORCE -> exchange -> SalesforceRecord.of(mappings.apply(name, Mappings.BODY,
                        exchange.getProperty(com.vobizrouter.inbox.EventKeys.VIEW, com.vobizrouter.inbox.EventView.class)));
                case Destinations.ZENDESK -> zendesk::preview;
                default -> switch (destination.kind()) {
                    case HTTP -> http::preview;
                    case KAFKA -> kafka::preview;
                    case SQL -> sql::preview;
                    default -> null;
                };
            };
            if (preview != null) {
                previews.put(name, preview);
            }
        }
        return new DryRun(camel, deliveries, destinations, previews, new FailureClassifier(failureRules), mapper);
    }

    /**
     * Every route reload checked first ({@link RouteReloadGuard}); also the {@code routes} health
     * component, which shows a refused reload.
     */
    @Bean
    RouteReloadGuard routesHealthIndicator(org.apache.camel.CamelContext camel, org.springframework.context.ApplicationContext context,
            Destinations destinations, org.springframework.core.env.Environment environment, Clock clock) {
        org.apache.camel.spi.RoutesLoader loader = org.apache.camel.support.PluginHelper.getRoutesLoader(camel);
        RouteFileCheck.Names names = new RouteFileCheck.Names(context::containsBean, name -> destinations.get(name).isPresent(),
                environment::containsProperty);
        // The schema is read at the first reload, once: most routers never reload.
        RouteReloadGuard guard = new RouteReloadGuard(loader,
                org.springframework.util.function.SingletonSupplier.of(RouteFileCheck::withCamelSchema), names, clock);
        camel.getCamelContextExtension().addContextPlugin(org.apache.camel.spi.RoutesLoader.class, guard);
        return guard;
    }

    @Bean
    HttpFailureRules httpFailureRules() {
        return new HttpFailureRules();
    }

    /** The {@code kafka} destinations' deliveries (route {@code kafka-destination}), one producer each. */
    @Bean
    KafkaDestinations kafkaDestinations(DestinationsSettings settings, Destinations checked, SinkBudgets sinkBudgets, Mappings mappings,
            ObjectMapper mapper) {
        List<KafkaDestination> kafka = new ArrayList<>();
        for (Destination destination : checked.all()) {
            if (destination.kind() == Destination.Kind.KAFKA) {
                kafka.add(kafka(destination.name(), settings.byName().get(destination.name())));
            }
        }
        return new KafkaDestinations(kafka, sinkBudgets, mappings, mapper);
    }

    @Bean
    KafkaFailureRules kafkaFailureRules() {
        return new KafkaFailureRules();
    }

    @Bean
    Deliveries deliveries(Destinations destinations, DispatchSettings dispatch, Clock clock, EventTraces traces) {
        return new Deliveries(destinations, dispatch.parkedRecheck(), clock).tracing(traces);
    }

    /**
     * Every destination, the built-in ones with what their keys change.
     *
     * @param builtInLimits the rate limits the built-ins have from {@code router.sinks.*}
     * @throws InvalidSettingException naming the first bad key
     */
    static List<Destination> build(DestinationsSettings settings, int maxAttempts, Map<String, Integer> builtInLimits) {
        List<Destination> built = new ArrayList<>();
        for (Destination builtIn : Destinations.BUILT_IN.values()) {
            DestinationsSettings.Destination own = settings.byName().get(builtIn.name());
            if (own == null) {
                built.add(new Destination(builtIn.name(), builtIn.kind(), List.of(), true, builtInLimits.getOrDefault(builtIn.name(), 0),
                        maxAttempts, builtIn.route()));
                continue;
            }
            String key = "router.destinations." + builtIn.name();
            if (own.kind() != null && !own.kind().trim().equalsIgnoreCase(builtIn.kind().settingName())) {
                throw new InvalidSettingException(key + ".kind", "the built-in destination " + builtIn.name() + " is of kind "
                        + builtIn.kind().settingName() + "; name a destination of another kind otherwise");
            }
            built.add(new Destination(builtIn.name(), builtIn.kind(), events(key, own.events()), own.enabled(),
                    rateLimit(key, own.rateLimit(), builtInLimits.getOrDefault(builtIn.name(), 0)), maxAttempts(key, own.maxAttempts(),
                    maxAttempts), builtIn.route()));
        }
        settings.byName().forEach((name, own) -> {
            if (!Destinations.BUILT_IN.containsKey(name)) {
                built.add(own(name, own, maxAttempts));
            }
        });
        return built;
    }

    private static Destination own(String name, DestinationsSettings.Destination own, int maxAttempts) {
        String key = "router.destinations." + name;
        Destination.Kind kind = kind(key + ".kind", own.kind());
        if (!OWN_KINDS.contains(kind)) {
            throw new InvalidSettingException(key + ".kind", switch (kind) {
                case SALESFORCE, ZENDESK -> "only the built-in destination " + kind.settingName() + " is of kind " + kind.settingName();
                default -> "destinations of kind " + kind.settingName() + " are not available in this version; use http, kafka or sql";
            });
        }
        String route = switch (kind) {
            case SQL -> {
                sql(name, own);
                yield Destinations.SQL_ROUTE;
            }
            case KAFKA -> {
                kafka(name, own);
                yield Destinations.KAFKA_ROUTE;
            }
            default -> {
                http(name, own, 1);
                yield Destinations.HTTP_ROUTE;
            }
        };
        return new Destination(name, kind, events(key, own.events()), own.enabled(), rateLimit(key, own.rateLimit(), 0),
                maxAttempts(key, own.maxAttempts(), maxAttempts), route);
    }

    /**
     * A {@code sql} destination's own keys as the destination the sink delivers to; a bad one
     * refused naming its key.
     */
    static SqlDestination sql(String name, DestinationsSettings.Destination own) {
        try {
            return SqlDestination.of(name, own.url(), own.username(), own.password(), own.statement(), own.poolSize(), own.timeout());
        } catch (IllegalArgumentException refused) {
            String message = refused.getMessage();
            int colon = message.indexOf(": ");
            throw new InvalidSettingException("router.destinations." + name + "." + message.substring(0, colon), message.substring(colon + 2));
        }
    }

    /** The {@code sql} destinations' deliveries (route {@code sql-destination}), one connection pool each. */
    @Bean
    SqlDestinations sqlDestinations(DestinationsSettings settings, Destinations checked, SinkBudgets sinkBudgets, Mappings mappings) {
        List<SqlDestination> sql = new ArrayList<>();
        for (Destination destination : checked.all()) {
            if (destination.kind() == Destination.Kind.SQL && !Destinations.BUILT_IN.containsKey(destination.name())) {
                sql.add(sql(destination.name(), settings.byName().get(destination.name())));
            }
        }
        return new SqlDestinations(sql, sinkBudgets, mappings);
    }

    private static Destination.Kind kind(String key, String kind) {
        if (kind != null) {
            for (Destination.Kind known : Destination.Kind.values()) {
                if (known.settingName().equals(kind.trim().toLowerCase(Locale.ROOT))) {
                    return known;
                }
            }
        }
        throw new InvalidSettingException(key, (kind == null ? "is required" : "'" + kind + "' is not a kind")
                + ": one of http, kafka, sql, salesforce, zendesk");
    }

    /**
     * An {@code http} destination's own keys as the destination the sink delivers to; a bad one
     * refused naming its key ({@link HttpDestination#of} says which key it refuses).
     *
     * @param maxConnections connections kept open to it at most (the dispatch concurrency)
     */
    static HttpDestination http(String name, DestinationsSettings.Destination own, int maxConnections) {
        String key = "router.destinations." + name;
        if (own.url() == null || own.url().isBlank()) {
            throw new InvalidSettingException(key + ".url", "is required: the absolute http or https URL events are sent to");
        }
        int auths = (own.username() != null || own.password() != null ? 1 : 0) + (own.bearerToken() != null ? 1 : 0)
                + (own.apiKeyHeader() != null || own.apiKey() != null ? 1 : 0);
        if (auths > 1) {
            throw new InvalidSettingException(key + ".bearer-token", "choose one way to authenticate: username and password, "
                    + "bearer-token, or api-key-header and api-key");
        }
        if ((own.username() == null) != (own.password() == null)) {
            throw new InvalidSettingException(key + (own.username() == null ? ".username" : ".password"),
                    "basic auth needs both username and password");
        }
        if ((own.apiKeyHeader() == null) != (own.apiKey() == null)) {
            throw new InvalidSettingException(key + (own.apiKeyHeader() == null ? ".api-key-header" : ".api-key"),
                    "an API key needs both api-key-header and api-key");
        }
        HttpAuth auth = own.username() != null ? new HttpAuth.Basic(own.username(), own.password())
                : own.bearerToken() != null ? new HttpAuth.Bearer(own.bearerToken())
                : own.apiKey() != null ? new HttpAuth.ApiKey(own.apiKeyHeader(), own.apiKey()) : null;
        try {
            return HttpDestination.of(name, own.url().trim(), own.method().trim().toUpperCase(Locale.ROOT), own.headers(), auth,
                    own.timeout(), own.signingSecret() == null ? null : own.signingSecret().trim(), maxConnections);
        } catch (IllegalArgumentException refused) {
            String message = refused.getMessage() == null ? "" : refused.getMessage();
            int colon = message.indexOf(": ");
            String suffix = colon > 0 ? message.substring(0, colon) : "url";
            String problem = colon > 0 ? message.substring(colon + 2) : message;
            if (suffix.startsWith("auth")) {
                suffix = own.apiKey() != null ? "api-key-header" : own.bearerToken() != null ? "bearer-token" : "username";
            }
            throw new InvalidSettingException(key + "." + suffix, problem);
        }
    }

    /**
     * A {@code kafka} destination's own keys as the destination the sink delivers to; a bad one
     * refused naming its key ({@link KafkaDestination} says which key it refuses). The keys of
     * the {@code http} kind mean nothing here and are refused rather than ignored.
     */
    static KafkaDestination kafka(String name, DestinationsSettings.Destination own) {
        String key = "router.destinations." + name;
        if (own.url() != null) {
            throw new InvalidSettingException(key + ".url", "is a key of http destinations; a kafka destination has brokers and topic");
        }
        if (own.key() != null && own.key().isBlank()) {
            throw new InvalidSettingException(key + ".key", "must not be blank: leave it out for the router's event id");
        }
        if (own.mapping() != null && own.mapping().isBlank()) {
            throw new InvalidSettingException(key + ".mapping", "must not be blank: leave it out for the event as stored");
        }
        try {
            return new KafkaDestination(name, own.brokers(), own.topic());
        } catch (IllegalArgumentException refused) {
            String message = refused.getMessage() == null ? "" : refused.getMessage();
            int colon = message.indexOf(": ");
            String suffix = colon > 0 ? message.substring(0, colon) : "brokers";
            throw new InvalidSettingException(key + "." + suffix, colon > 0 ? message.substring(colon + 2) : message);
        }
    }

    private static List<String> events(String key, List<String> events) {
        List<String> patterns = events.stream().map(String::trim).filter(e -> !e.isEmpty()).toList();
        for (String pattern : patterns) {
            if (!pattern.matches("\\*|[A-Za-z0-9_:-]+(\\.[A-Za-z0-9_:-]+)*(\\.\\*)?")) {
                throw new InvalidSettingException(key + ".events", "'" + pattern + "' is not a type, a family such as message.* or *");
            }
        }
        return patterns;
    }

    private static int rateLimit(String key, Integer rateLimit, int otherwise) {
        if (rateLimit == null) {
            return otherwise;
        }
        if (rateLimit < 0) {
            throw new InvalidSettingException(key + ".rate-limit", "must not be negative (0: no limit)");
        }
        return rateLimit;
    }

    private static int maxAttempts(String key, Integer maxAttempts, int otherwise) {
        if (maxAttempts == null) {
            return otherwise;
        }
        if (maxAttempts < 1) {
            throw new InvalidSettingException(key + ".max-attempts", "must be at least 1");
        }
        return maxAttempts;
    }
}
