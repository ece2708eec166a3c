package com.vobizrouter.dispatch;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultComponent;
import org.apache.camel.support.DefaultEndpoint;
import org.apache.camel.support.DefaultProducer;

/**
 * The {@code destination:<name>} endpoints of the routing table (component bean
 * {@code destination}): in {@code route-event}, {@code to: destination:zendesk} adds Zendesk to
 * the event's deliveries. Nothing is sent there and then: the deliveries, decided once by the
 * whole routing table, run afterwards, each with its own attempts ({@link Deliveries}). A route
 * naming a destination that is not configured does not start, so the router does not either.
 */
public class DestinationComponent extends DefaultComponent {

    /** The exchange property holding the names the routing table chose, in order, each once. */
    public static final String ROUTED = "routedDestinations";

    private final Destinations destinations;

    public DestinationComponent(Destinations destinations) {
        this.destinations = destinations;
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) {
        if (destinations.get(remaining).isEmpty()) {
            throw new IllegalArgumentException("no destination is named '" + remaining + "': one of " + destinations.names()
                    + ", or configure router.destinations." + remaining + ".kind");
        }
        return new DestinationEndpoint(uri, this, remaining);
    }

    /** Adds the destination to the exchange's routed set; fails outside the routing of an event. */
    static void route(Exchange exchange, String name) {
        @SuppressWarnings("unchecked")
        Set<String> routed = exchange.getProperty(ROUTED, Set.class);
        if (routed == null) {
            throw new IllegalStateException("destination:" + name + " names a delivery; it belongs in the routing of an event "
                    + "(route-event and the routes it calls), not in a sink route");
        }
        routed.add(name);
    }

    /** An empty routed set, for the routing table to fill. */
    static Set<String> routing() {
        return new LinkedHashSet<>();
    }

    private static final class DestinationEndpoint extends DefaultEndpoint {

        private final String name;

        DestinationEndpoint(String uri, DestinationComponent component, String name) {
            super(uri, component);
            this.name = name;
        }

        @Override
        public Producer createProducer() {
            return new DefaultProducer(this) {
                @Override
                public void process(Exchange exchange) {
                    route(exchange, name);
                }
            };
        }

        @Override
        public Consumer createConsumer(Processor processor) {
            throw new UnsupportedOperationException("destination:" + name + " is only sent to");
        }

        @Override
        public boolean isRemote() {
            return false;
        }
    }
}
