package com.vobizrouter.dispatch;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import com.vobizrouter.inbox.EventKeys;
import org.apache.camel.CamelContext;
import org.apache.camel.Consumer;
import org.apache.camel.Exchange;
import org.apache.camel.Route;
import org.apache.camel.StatefulService;
import org.apache.camel.component.direct.DirectEndpoint;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.CamelEvent.CamelContextStartedEvent;
import org.apache.camel.spi.CamelEvent.RouteEvent;
import org.apache.camel.support.EventNotifierSupport;

/**
 * The {@code otherwise} of the routing table (bean {@code eventTypeRoutes}): an enabled type
 * without a branch of its own goes to the route that listens on {@code direct:event-<type>},
 * when there is one; without one, to analytics only.
 *
 * <p>The routes are bound by name when routes load, never resolved from a URI built per event:
 * this notifier keeps a map from type to the consumer of its {@code direct:event-<type>} route,
 * built again whenever a route is added, removed, started, stopped or reloaded (start-up and
 * {@code camel.main.routes-reload-enabled}). A type is the sender's text; used in a {@code toD}
 * URI it would be read by Camel's endpoint resolver, so a type such as
 * {@code x{{router.admin.token}}?bogus=1} had the admin token resolved into the URI (and from
 * there into the event's last error and the log). Here a type is only ever a key looked up in
 * the map, and no endpoint is created for it.
 */
public class EventTypeRoutes extends EventNotifierSupport {

    /** The routes this bean hands events to: {@code from: direct:event-<type>}. */
    static final String PREFIX = "event-";

    private volatile Map<String, Consumer> byType = Map.of();

    /** Add it to the context's event notifiers before the context starts. */
    public EventTypeRoutes(CamelContext camelContext) {
        setCamelContext(camelContext);
        setIgnoreExchangeEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreStepEvents(true);
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof RouteEvent || event instanceof CamelContextStartedEvent;
    }

    @Override
    public void notify(CamelEvent event) {
        bind();
    }

    /**
     * Hands the exchange to the route of its type ({@link EventKeys#EVENT_TYPE}), as a
     * {@code to: direct:event-<type>} would; does nothing when no started route listens there.
     * A failure of that route stays on the exchange, for the dispatch route's catch.
     */
    public void send(Exchange exchange) throws Exception {
        Consumer consumer = byType.get(exchange.getProperty(EventKeys.EVENT_TYPE, String.class));
        if (consumer != null) {
            consumer.getProcessor().process(exchange);
        }
    }

    /** The types that have a started route of their own now. */
    public Set<String> boundTypes() {
        return byType.keySet();
    }

    /** Builds the map again from the context's routes. */
    synchronized void bind() {
        Map<String, Consumer> bound = new HashMap<>();
        for (Route route : getCamelContext().getRoutes()) {
            Consumer consumer = route.getConsumer();
            if (route.getEndpoint() instanceof DirectEndpoint direct && consumer instanceof StatefulService service
                    && service.isStarted()) {
                String name = direct.getEndpointBaseUri().replaceFirst("^direct:(//)?", "");
                if (name.startsWith(PREFIX) && name.length() > PREFIX.length()) {
                    bound.put(name.substring(PREFIX.length()), consumer);
                }
            }
        }
        byType = Map.copyOf(bound);
    }
}
