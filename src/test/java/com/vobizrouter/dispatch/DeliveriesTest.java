package com.vobizrouter.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import com.vobizrouter.inbox.DeliveryRow;
import com.vobizrouter.inbox.EventKeys;
import com.vobizrouter.inbox.InboxEvent;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

/**
 * The deliveries of one event on its exchange, without Spring: the routing table's choices and
 * the subscriptions each once, a destination switched off left out of a new plan and waiting in an
 * old one, and each delivery handed to its sink route with the destination's name, no headers and
 * the event as stored.
 */
class DeliveriesTest {

    private static final Instant NOW = Instant.parse("2026-03-19T10:00:00Z");

    private final Destinations destinations = new Destinations(List.of(
            new Destination("analytics", Destination.Kind.SQL, List.of(), true, 0, 12, "vobiz-event-sink"),
            new Destination("chatbot", Destination.Kind.HTTP, List.of("message.*"), true, 0, 12, Destinations.HTTP_ROUTE),
            new Destination("archive", Destination.Kind.HTTP, List.of("*"), false, 0, 12, Destinations.HTTP_ROUTE)));
    private final Deliveries deliveries = new Deliveries(destinations, Duration.ofSeconds(30), Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void aDestinationNamedByTheTableAndSubscribedIsDeliveredOnceAndOneSwitchedOffNotAtAll() {
        Exchange exchange = exchange(null);
        Deliveries.route(exchange);
        DestinationComponent.route(exchange, "chatbot");
        DestinationComponent.route(exchange, "analytics");
        DestinationComponent.route(exchange, "chatbot");
        DestinationComponent.route(exchange, "archive");

        deliveries.plan(exchange);

        assertThat(exchange.getProperty(Deliveries.PLAN, DeliveryPlan.class).names()).isEqualTo("chatbot,analytics");
        assertThat(exchange.getProperty(DispatchKeys.EVENT, InboxEvent.class).destinations()).isEqualTo("chatbot,analytics");
        exchange.getIn().setHeader("CamelZendesk.id", "501");
        assertThat(deliveries.next(exchange)).isTrue();
        assertThat(exchange.getProperty(DispatchKeys.SINK)).isEqualTo("chatbot");
        assertThat(exchange.getProperty(Deliveries.ROUTE)).isEqualTo("http-destination");
        assertThat(exchange.getIn().getHeaders()).as("nothing of another delivery").isEmpty();
        assertThat(exchange.getIn().getBody(String.class)).isEqualTo("{\"event\":\"message.read\"}");
        deliveries.delivered(exchange);
        assertThat(deliveries.next(exchange)).isTrue();
        assertThat(exchange.getProperty(DispatchKeys.SINK)).isEqualTo("analytics");
        deliveries.delivered(exchange);
        assertThat(deliveries.next(exchange)).isFalse();
    }

    @Test
    void aDeliveryDecidedBeforeItsDestinationWasSwitchedOffWaitsWithoutAnAttempt() {
        Exchange exchange = exchange("archive");
        exchange.setProperty(Deliveries.PLAN, DeliveryPlan.restored("archive", List.of(
                new DeliveryRow("archive", DeliveryRow.PENDING, 1, NOW, "archive answered 503"))));

        assertThat(deliveries.next(exchange)).isFalse();

        DeliveryPlan.Delivery archive = exchange.getProperty(Deliveries.PLAN, DeliveryPlan.class).deliveries().get(0);
        assertThat(archive.status()).isEqualTo(DeliveryRow.PENDING);
        assertThat(archive.attempts()).isEqualTo(1);
        assertThat(exchange.getProperty(Deliveries.PLAN, DeliveryPlan.class).rowsToWrite()).extracting(DeliveryRow::lastError)
                .containsExactly("archive is switched off (router.destinations.archive.enabled): the delivery waits");
    }

    @Test
    void theRoutingTableCannotNameADestinationOutsideTheRoutingOfAnEvent() {
        Exchange exchange = exchange(null);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> DestinationComponent.route(exchange, "chatbot"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("route-event");
    }

    @Test
    void aRouteNamingADestinationThatIsNotConfiguredDoesNotStart() {
        DestinationComponent component = new DestinationComponent(destinations);
        component.setCamelContext(new DefaultCamelContext());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> component.createEndpoint("destination:crm"))
                .hasMessageContaining("no destination is named 'crm'").hasMessageContaining("router.destinations.crm.kind");
    }

    private static Exchange exchange(String destinations) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.setProperty(DispatchKeys.EVENT, new InboxEvent(1, "vobiz:evt_1", "message.read", null, null, NOW, 0,
                "{\"event\":\"message.read\"}", "token", "vobiz", null, destinations));
        exchange.setProperty(EventKeys.EVENT_TYPE, "message.read");
        return exchange;
    }
}
