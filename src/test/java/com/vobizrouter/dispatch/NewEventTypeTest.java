package com.vobizrouter.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;

import com.vobizrouter.testsupport.FreshTimes;
import com.vobizrouter.testsupport.RouterInstance;
import com.vobizrouter.testsupport.WebhookClient;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Event types are configuration: a type the router has never heard of is routed by adding it to
 * {@code router.events.enabled} and dropping one route file next to the shipped ones. Both live in
 * {@code src/test/resources/new-event-type/}; nothing in Java names the type.
 */
class NewEventTypeTest {

    @Test
    void aNewEventTypeEnabledInSettingsReachesTheSinkOfItsOwnRouteFile() {
        try (RouterInstance router = RouterInstance.start(Map.of(
                "spring.config.additional-location", "classpath:new-event-type/order-shipped.yaml",
                "router.webhook.secrets", "whsec_orders",
                "spring.datasource.url", "jdbc:h2:mem:new-event-type;DB_CLOSE_DELAY=-1",
                "router.dispatch.poll-interval", "50"))) {
            JdbcTemplate jdbc = router.bean(JdbcTemplate.class);
            jdbc.execute("CREATE TABLE shipped_order (event_id VARCHAR(128) PRIMARY KEY, deprecated_event_id VARCHAR(128),"
                    + " payload VARCHAR(4000) NOT NULL)");
            WebhookClient vobiz = new WebhookClient(router.port(), "/webhooks/vobiz", "whsec_orders");

            String shipped = FreshTimes.of("{\"event\":\"order.shipped\",\"event_id\":\"evt_ship_1\",\"timestamp\":\"2026-03-19T10:30:45Z\","
                    + "\"channel_id\":\"ch_abc123\",\"data\":{\"order_id\":\"ord_4711\",\"carrier\":\"DHL\"}}");
            assertThat(vobiz.post(shipped).body()).contains("\"accepted\"");

            await().atMost(Duration.ofSeconds(20)).until(() -> "DONE".equals(
                    jdbc.queryForObject("SELECT status FROM inbox_event WHERE event_id = 'vobiz:evt_ship_1'", String.class)));
            assertThat(jdbc.queryForObject("SELECT payload FROM shipped_order WHERE event_id = 'vobiz:evt_ship_1'", String.class))
                    .as("the new type's sink got the event").contains("\"order_id\":\"ord_4711\"");
            assertThat(jdbc.queryForObject("SELECT deprecated_event_id FROM shipped_order WHERE event_id = 'vobiz:evt_ship_1'", String.class))
                    .as("a route may still read a property by its deprecated name").isEqualTo("vobiz:evt_ship_1");
            assertThat(jdbc.queryForObject("SELECT event_type FROM vobiz_event WHERE event_id = 'vobiz:evt_ship_1'", String.class))
                    .as("like every type, it feeds the analytics table").isEqualTo("order.shipped");
        }
    }

    @Test
    void anEnabledTypeWithoutARouteOfItsOwnIsDeliveredToAnalyticsOnly() {
        try (RouterInstance router = RouterInstance.start(Map.of(
                "spring.config.additional-location", "classpath:new-event-type/order-shipped.yaml",
                "router.events.enabled", "order.shipped,order.returned",
                "router.webhook.secrets", "whsec_orders",
                "spring.datasource.url", "jdbc:h2:mem:new-event-type-unrouted;DB_CLOSE_DELAY=-1",
                "router.dispatch.poll-interval", "50"))) {
            JdbcTemplate jdbc = router.bean(JdbcTemplate.class);
            WebhookClient vobiz = new WebhookClient(router.port(), "/webhooks/vobiz", "whsec_orders");

            String returned = FreshTimes.of("{\"event\":\"order.returned\",\"event_id\":\"evt_return_1\",\"timestamp\":\"2026-03-19T10:30:45Z\","
                    + "\"channel_id\":\"ch_abc123\",\"data\":{\"order_id\":\"ord_4711\"}}");
            assertThat(vobiz.post(returned).body()).contains("\"accepted\"");

            await().atMost(Duration.ofSeconds(20)).until(() -> "DONE".equals(
                    jdbc.queryForObject("SELECT status FROM inbox_event WHERE event_id = 'vobiz:evt_return_1'", String.class)));
            assertThat(jdbc.queryForObject("SELECT attempts FROM inbox_event WHERE event_id = 'vobiz:evt_return_1'", Integer.class))
                    .as("no failed attempt").isZero();
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM vobiz_event WHERE event_id = 'vobiz:evt_return_1'", Long.class)).isEqualTo(1);
        }
    }
}
