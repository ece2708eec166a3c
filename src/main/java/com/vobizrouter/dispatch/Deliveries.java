package com.vobizrouter.dispatch;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

import com.vobizrouter.inbox.EventKeys;
import com.vobizrouter.inbox.EventTraces;
import com.vobizrouter.inbox.InboxEvent;
import com.vobizrouter.inbox.Masking;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import org.apache.camel.Exchange;
import org.apache.camel.Route;
import org.apache.camel.StatefulService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The deliveries of the event on an exchange (bean {@code deliveries} of {@code dispatch-event}).
 *
 * <p>{@link #next} fixes them on an event's first dispatch: the destinations the routing table
 * named ({@code to: destination:<name>}) in that order, then those whose {@code events}
 * subscription takes the event's type, each once, disabled ones left out. From then on they are
 * the event's ({@code inbox_event.destinations}): retries, replays and route reloads never ask
 * the routing table again. {@link #next} then hands the route one due delivery at a time, with
 * the destination's name as the exchange's {@link DispatchKeys#SINK} and its sink route, and
 * records the one before as made; a failure is recorded by {@link DispatchFailureHandler}.
 */
public class Deliveries {

    /** The exchange property holding the event's {@link DeliveryPlan}. */
    public static final String PLAN = "deliveryPlan";
    /** The exchange property holding the delivery being made ({@link DeliveryPlan.Delivery}). */
    public static final String CURRENT = "delivery";
    /** The exchange property naming the sink route of the delivery being made ({@code direct:<route>}). */
    public static final String ROUTE = "deliveryRoute";
    /** The exchange property naming the destination of the delivery being made (the sink routes of several destinations read it). */
    public static final String DESTINATION = "destination";
    /** Set by {@code inboxDispatcher.open}: true when the event's destinations are not decided yet. */
    public static final String TO_ROUTE = "routeEvent";

    private static final Logger LOG = LoggerFactory.getLogger("com.vobizrouter.dispatch");

    private final Destinations destinations;
    private final Duration waitWhileDisabled;
    private final Clock clock;
    private DispatchFailureHandler failures;
    private EventTraces traces = EventTraces.OFF;

    /** @param waitWhileDisabled how long a delivery to a destination switched off (or no longer configured) waits before it is looked at again */
    public Deliveries(Destinations destinations, Duration waitWhileDisabled, Clock clock) {
        this.destinations = destinations;
        this.waitWhileDisabled = waitWhileDisabled;
        this.clock = clock;
    }

    /** Each delivery a span of the event's trace (tracing on); returns this. */
    public Deliveries tracing(EventTraces traces) {
        this.traces = traces;
        return this;
    }

    /** What a failed delivery becomes (set once, when the handler is made). */
    void failingWith(DispatchFailureHandler failures) {
        this.failures = failures;
    }

    /**
     * Makes the event's due deliveries, one at a time (the step of {@code dispatch-event}): for
     * each, the destination's sink route (its route id, from configuration, never from the event)
     * runs on the exchange, as a {@code to: direct:<route>} would; a failure is taken off the
     * exchange and recorded for that destination alone ({@link DispatchFailureHandler#handle}),
     * and the next delivery is still made. One bean step rather than a loop of steps: the loop,
     * its predicate and a {@code toD} per delivery cost more than the deliveries' own work of the
     * database sinks.
     */
    public void deliver(Exchange exchange) throws Exception {
        while (next(exchange)) {
            String routeId = exchange.getProperty(ROUTE, String.class);
            Route route = exchange.getContext().getRoute(routeId);
            Span span = traces.delivery(exchange.getProperty(DESTINATION, String.class));
            Exception failure = null;
            // The delivery's span is current while its route runs and while a failure is handled:
            // their log lines and an http destination's traceparent name it.
            try (Tracer.SpanInScope scope = traces.open(span)) {
                if (route == null || !(route.getConsumer() instanceof StatefulService consumer) || !consumer.isStarted()) {
                    exchange.setException(new IllegalStateException("route " + routeId + " of destination "
                            + exchange.getProperty(DESTINATION, String.class) + " is not running"));
                } else {
                    route.getConsumer().getProcessor().process(exchange);
                }
                failure = exchange.getException();
                if (failure != null) {
                    exchange.setException(null);
                    exchange.setProperty(Exchange.EXCEPTION_CAUGHT, failure);
                    failures.handle(exchange);
                    exchange.removeProperty(Exchange.EXCEPTION_CAUGHT);
                }
            } finally {
                EventTraces.end(span, failure);
            }
        }
    }

    /** Before the routing table runs on a first dispatch: an empty set for its {@code destination:} endpoints to fill. */
    public static void route(Exchange exchange) {
        exchange.setProperty(DestinationComponent.ROUTED, DestinationComponent.routing());
    }

    /** Fixes the deliveries of an event routed now; one decided before keeps the plan {@code open} restored. */
    void plan(Exchange exchange) {
        if (exchange.getProperty(PLAN) != null) {
            return;
        }
        @SuppressWarnings("unchecked")
        Set<String> routed = exchange.getProperty(DestinationComponent.ROUTED, Set.class);
        Set<String> chosen = new LinkedHashSet<>();
        if (routed != null) {
            routed.stream().filter(name -> destinations.get(name).map(Destination::enabled).orElse(false)).forEach(chosen::add);
        }
        chosen.addAll(destinations.subscribedTo(exchange.getProperty(EventKeys.EVENT_TYPE, String.class)));
        exchange.removeProperty(DestinationComponent.ROUTED);
        exchange.setProperty(PLAN, DeliveryPlan.decided(chosen));
        InboxEvent event = exchange.getProperty(DispatchKeys.EVENT, InboxEvent.class);
        exchange.setProperty(DispatchKeys.EVENT, event.withDestinations(String.join(",", chosen)));
    }

    /**
     * The next delivery ({@link #deliver}): counts the delivery before as made when its route
     * returned (a failure has taken it off the exchange, {@link DispatchFailureHandler}), fixes the
     * deliveries on the first call ({@link #plan}), and readies the exchange for the next due
     * delivery of this dispatch: the destination's name as {@link DispatchKeys#SINK} and
     * {@link #DESTINATION}, its route as {@link #ROUTE}, no headers, the event as stored in the
     * body. False when none is left. A destination switched off or no longer configured is not
     * delivered to: its delivery waits, so that switching it on again delivers what it missed.
     */
    boolean next(Exchange exchange) {
        delivered(exchange);
        plan(exchange);
        DeliveryPlan plan = exchange.getProperty(PLAN, DeliveryPlan.class);
        while (plan != null) {
            DeliveryPlan.Delivery delivery = plan.next(clock.instant());
            if (delivery == null) {
                return false;
            }
            Optional<Destination> destination = destinations.get(delivery.destination());
            if (destination.isEmpty() || !destination.get().enabled()) {
                delivery.waitUntil(clock.instant().plus(waitWhileDisabled), delivery.destination()
                        + (destination.isEmpty() ? " is no longer configured" : " is switched off (router.destinations." + delivery.destination()
                        + ".enabled)") + ": the delivery waits", null);
                LOG.debug("event {} waits for {}, which is off", Masking.text(exchange.getProperty(DispatchKeys.EVENT, InboxEvent.class)
                        .eventId()), delivery.destination());
                continue;
            }
            exchange.setProperty(CURRENT, delivery);
            exchange.setProperty(DispatchKeys.SINK, delivery.destination());
            exchange.setProperty(DESTINATION, delivery.destination());
            exchange.setProperty(ROUTE, destination.get().route());
            exchange.getIn().removeHeaders("*");
            exchange.getIn().setBody(exchange.getProperty(DispatchKeys.EVENT, InboxEvent.class).payload());
            return true;
        }
        return false;
    }

    /** The delivery being made succeeded (its route returned without a failure). */
    void delivered(Exchange exchange) {
        DeliveryPlan.Delivery delivery = exchange.getProperty(CURRENT, DeliveryPlan.Delivery.class);
        if (delivery != null) {
            delivery.delivered();
        }
        exchange.removeProperty(CURRENT);
    }

    /** The destination of a delivery: its attempts before a dead letter. */
    int maxAttempts(String destination, int otherwise) {
        return destinations.get(destination).map(Destination::maxAttempts).filter(n -> n > 0).orElse(otherwise);
    }
}
