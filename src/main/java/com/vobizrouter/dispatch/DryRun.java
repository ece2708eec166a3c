package com.vobizrouter.dispatch;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.vobizrouter.inbox.EventKeys;
import com.vobizrouter.inbox.EventView;
import com.vobizrouter.inbox.InboxEvent;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Route;
import org.apache.camel.support.DefaultExchange;

/**
 * Runs recorded events through the routes as they are now, with every destination replaced by a
 * recorder (bean {@code dryRun}, {@code POST /admin/dry-run}): for each event the real routing
 * table ({@code route-event} and the routes it sends to) decides its destinations, the
 * subscriptions are added as at a first dispatch, and each destination's {@link Preview} says
 * what it would have received, through the real mappings. Nothing is called and nothing is
 * written: no event is stored or claimed, no budget is taken, no ledger or table is touched.
 */
public class DryRun {

    /** What one destination would receive from the event on the exchange, made as its sink makes it but never sent. */
    @FunctionalInterface
    public interface Preview {
        /**
         * @param exchange the event as a delivery to the destination sees it: {@link Deliveries#DESTINATION},
         *                 {@link DispatchKeys#EVENT} and the event's view set
         * @return what the destination would receive (a map or record, shown as JSON)
         */
        Object of(Exchange exchange) throws Exception;
    }

    /** The route of the routing table. */
    static final String ROUTING_TABLE = "route-event";

    private final CamelContext camel;
    private final Deliveries deliveries;
    private final Destinations destinations;
    private final Map<String, Preview> previews;
    private final FailureClassifier failures;
    private final ObjectMapper json;

    /** @param previews by destination name: what each destination would receive */
    public DryRun(CamelContext camel, Deliveries deliveries, Destinations destinations, Map<String, Preview> previews,
            FailureClassifier failures, ObjectMapper json) {
        this.camel = camel;
        this.deliveries = deliveries;
        this.destinations = destinations;
        this.previews = Map.copyOf(previews);
        this.failures = failures;
        this.json = json;
    }

    /** Each event's destinations and what each would have received (or why it would fail), in order. */
    public List<Map<String, Object>> run(List<InboxEvent> events) {
        return events.stream().map(this::run).toList();
    }

    /** One event: {@code event_id}, {@code type}, {@code source}, {@code destinations}, {@code received} and {@code failures} by destination. */
    public Map<String, Object> run(InboxEvent recorded) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("event_id", recorded.eventId());
        result.put("type", recorded.eventType());
        result.put("source", recorded.source());
        InboxEvent event = recorded.withDestinations(null);
        Exchange exchange = new DefaultExchange(camel);
        Map<String, Object> received = new LinkedHashMap<>();
        Map<String, Object> failed = new LinkedHashMap<>();
        try {
            EventView view = EventView.of(event, json);
            exchange.setProperty(DispatchKeys.EVENT, event);
            exchange.setProperty(EventKeys.VIEW, view);
            EventKeys.of(view).forEach(exchange::setProperty);
            exchange.setProperty(Deliveries.TO_ROUTE, true);
            exchange.getIn().setBody(event.payload());
            Deliveries.route(exchange);
            Route table = camel.getRoute(ROUTING_TABLE);
            if (table == null) {
                throw new IllegalStateException("the routing table (route " + ROUTING_TABLE + ") is not loaded");
            }
            table.getConsumer().getProcessor().process(exchange);
            if (exchange.getException() != null) {
                throw exchange.getException();
            }
            deliveries.plan(exchange);
            InboxEvent planned = exchange.getProperty(DispatchKeys.EVENT, InboxEvent.class);
            List<String> chosen = DeliveryPlan.names(planned.destinations());
            result.put("destinations", chosen);
            for (String name : chosen) {
                preview(name, planned, exchange, received, failed);
            }
        } catch (Exception refused) {
            failed.put("routing", refused.getMessage());
        }
        result.put("received", received);
        result.put("failures", failed);
        return result;
    }

    private void preview(String name, InboxEvent event, Exchange exchange, Map<String, Object> received, Map<String, Object> failed) {
        Preview preview = previews.get(name);
        if (preview == null) {
            failed.put(name, destinations.get(name).isPresent() ? "no dry run for this destination's kind" : "not configured");
            return;
        }
        exchange.setProperty(Deliveries.DESTINATION, name);
        exchange.setProperty(DispatchKeys.SINK, name);
        exchange.getIn().removeHeaders("*");
        exchange.getIn().setBody(event.payload());
        try {
            received.put(name, preview.of(exchange));
        } catch (Exception refused) {
            failed.put(name, failures.classify(refused).reason());
        }
    }
}
