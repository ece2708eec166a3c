package com.vobizrouter.dispatch;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every configured destination by name, built-in ones first ({@link #BUILT_IN}), then the others
 * in name order. Read by the planning of deliveries, the dispatch failure handler (attempts), the
 * API budgets, health and the console.
 */
public class Destinations {

    /** The Salesforce Contact upsert. */
    public static final String SALESFORCE = "salesforce";
    /** A Zendesk ticket per conversation. */
    public static final String ZENDESK = "zendesk";
    /** Table {@code vobiz_event} of the router's database: every accepted event (the analytics stream). */
    public static final String ANALYTICS = "analytics";
    /** Table {@code message_status} of the router's database. */
    public static final String MESSAGE_STATUS = "messagestatus";
    /** Table {@code campaign_result} of the router's database. */
    public static final String CAMPAIGN_RESULT = "campaignresult";

    /** The built-in destinations, each with its kind and its sink route. */
    public static final Map<String, Destination> BUILT_IN = builtIn();

    /** The route that delivers to every {@code http} destination. */
    public static final String HTTP_ROUTE = "http-destination";
    /** The route that delivers to every {@code sql} destination of the company's own. */
    public static final String SQL_ROUTE = "sql-destination";

    /** The route that delivers to every {@code kafka} destination. */
    public static final String KAFKA_ROUTE = "kafka-destination";

    private final Map<String, Destination> byName = new LinkedHashMap<>();

    public Destinations(Collection<Destination> destinations) {
        destinations.stream().filter(d -> BUILT_IN.containsKey(d.name())).forEach(d -> byName.put(d.name(), d));
        destinations.stream().filter(d -> !BUILT_IN.containsKey(d.name())).sorted((a, b) -> a.name().compareTo(b.name()))
                .forEach(d -> byName.put(d.name(), d));
    }

    private static Map<String, Destination> builtIn() {
        Map<String, Destination> builtIn = new LinkedHashMap<>();
        add(builtIn, SALESFORCE, Destination.Kind.SALESFORCE, "salesforce-contact-sink");
        add(builtIn, ZENDESK, Destination.Kind.ZENDESK, "zendesk-message-sink");
        add(builtIn, ANALYTICS, Destination.Kind.SQL, "vobiz-event-sink");
        add(builtIn, MESSAGE_STATUS, Destination.Kind.SQL, "message-status-sink");
        add(builtIn, CAMPAIGN_RESULT, Destination.Kind.SQL, "campaign-result-sink");
        return java.util.Collections.unmodifiableMap(builtIn);
    }

    private static void add(Map<String, Destination> builtIn, String name, Destination.Kind kind, String route) {
        builtIn.put(name, new Destination(name, kind, List.of(), true, 0, 0, route));
    }

    public Optional<Destination> get(String name) {
        return Optional.ofNullable(name == null ? null : byName.get(name));
    }

    /** Every destination, built-in ones first. */
    public List<Destination> all() {
        return List.copyOf(byName.values());
    }

    /** Every destination's name, built-in ones first. */
    public List<String> names() {
        return List.copyOf(byName.keySet());
    }

    /** The enabled destinations whose {@code events} subscription takes this type, in {@link #names()} order. */
    public List<String> subscribedTo(String type) {
        List<String> names = new ArrayList<>();
        for (Destination destination : byName.values()) {
            if (destination.enabled() && destination.subscribes(type)) {
                names.add(destination.name());
            }
        }
        return names;
    }

    /** Each destination's calls a minute (0: none). */
    public Map<String, Integer> rateLimits() {
        Map<String, Integer> limits = new LinkedHashMap<>();
        byName.values().forEach(d -> limits.put(d.name(), d.rateLimit()));
        return limits;
    }
}
