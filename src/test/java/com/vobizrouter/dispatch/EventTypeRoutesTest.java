package com.vobizrouter.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import com.vobizrouter.inbox.EventKeys;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link EventTypeRoutes} binds the {@code direct:event-<type>} routes by name when routes load,
 * at start and whenever one is added, stopped or removed later (a reload), and hands an event
 * only to the route of exactly its type; a type is never made into an endpoint.
 */
class EventTypeRoutesTest {

    private final List<String> delivered = new ArrayList<>();
    private CamelContext camel;
    private EventTypeRoutes routes;

    @BeforeEach
    void startCamelWithOneEventRoute() throws Exception {
        camel = new DefaultCamelContext();
        Properties properties = new Properties();
        properties.setProperty("router.admin.token", "the-admin-token");
        camel.getPropertiesComponent().setInitialProperties(properties);
        routes = new EventTypeRoutes(camel);
        camel.getManagementStrategy().addEventNotifier(routes);
        camel.addRoutes(eventRoute("order.shipped"));
        camel.start();
    }

    @AfterEach
    void stopCamel() {
        camel.stop();
    }

    @Test
    void anEventReachesTheRouteOfItsTypeLoadedAtStart() throws Exception {
        routes.send(event("order.shipped"));
        assertThat(delivered).containsExactly("order.shipped");
    }

    @Test
    void aTypeWithoutARouteGoesNowhereAndNoEndpointIsMadeFromIt() throws Exception {
        int endpoints = camel.getEndpoints().size();
        for (String type : List.of("order.returned", "x{{router.admin.token}}?bogus=1", "order.shipped?block=false", "x${body}")) {
            Exchange exchange = event(type);
            routes.send(exchange);
            assertThat(exchange.getException()).as(type).isNull();
        }
        assertThat(delivered).isEmpty();
        assertThat(camel.getEndpoints()).hasSize(endpoints);
    }

    @Test
    void aRouteAddedAfterStartIsBoundAndOneRemovedIsNoLonger() throws Exception {
        camel.addRoutes(eventRoute("order.returned"));
        routes.send(event("order.returned"));
        assertThat(delivered).containsExactly("order.returned");

        camel.getRouteController().stopRoute("event-order.shipped");
        routes.send(event("order.shipped"));
        assertThat(delivered).as("a stopped route takes nothing").containsExactly("order.returned");
        camel.getRouteController().startRoute("event-order.shipped");
        routes.send(event("order.shipped"));
        assertThat(delivered).containsExactly("order.returned", "order.shipped");

        camel.getRouteController().stopRoute("event-order.returned");
        camel.removeRoute("event-order.returned");
        routes.send(event("order.returned"));
        assertThat(delivered).containsExactly("order.returned", "order.shipped");
        assertThat(routes.boundTypes()).containsExactly("order.shipped");
    }

    @Test
    void aFailureOfTheTypesRouteStaysOnTheExchangeForTheDispatchCatch() throws Exception {
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:event-order.lost").routeId("event-order.lost").throwException(new IllegalStateException("sink down"));
            }
        });
        Exchange exchange = event("order.lost");
        routes.send(exchange);
        assertThat(exchange.getException()).isInstanceOf(IllegalStateException.class).hasMessage("sink down");
    }

    private RouteBuilder eventRoute(String type) {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:event-" + type).routeId("event-" + type)
                        .process(exchange -> delivered.add(exchange.getProperty(EventKeys.EVENT_TYPE, String.class)));
            }
        };
    }

    private Exchange event(String type) {
        Exchange exchange = new DefaultExchange(camel);
        exchange.setProperty(EventKeys.EVENT_TYPE, type);
        return exchange;
    }
}
