package com.vobizrouter.sources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;

import com.vobizrouter.testsupport.RouterInstance;
import com.vobizrouter.testsupport.WebhookClient;
import org.apache.camel.ConsumerTemplate;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A new source and a new event type need no Java: the source and the type it dispatches are
 * set in an application.yaml ({@code src/test/resources/sources/order-routing}), the type gets a
 * {@code when} in the dispatch choice and a sink route of its own, both YAML, and its events
 * arrive there with the normalised properties every source's events have.
 */
class SourceRoutingInYamlTest {

    private static final Path RESOURCES = Path.of("src/test/resources/sources/order-routing");

    @TempDir
    Path routes;

    @Test
    void aSourceAndATypeAddedInApplicationYamlAndRoutesYamlReachTheirSink() throws Exception {
        try (Stream<Path> files = Files.list(Path.of("routes"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".camel.yaml")).toList()) {
                Files.copy(file, routes.resolve(file.getFileName()));
            }
        }
        Files.copy(RESOURCES.resolve("order-shipped-sink.camel.yaml"), routes.resolve("order-shipped-sink.camel.yaml"));
        Path dispatch = routes.resolve("dispatch.camel.yaml");
        String original = Files.readString(dispatch);
        String choice = " ".repeat(12) + "when:\n";
        assertThat(original).containsOnlyOnce(choice);
        Files.writeString(dispatch, original.replace(choice, choice + Files.readString(RESOURCES.resolve("dispatch-when.yaml"))));

        try (RouterInstance router = RouterInstance.start(Map.of(
                "router.webhook.secrets", "whsec_yaml",
                "spring.datasource.url", "jdbc:h2:mem:source-yaml-routing;DB_CLOSE_DELAY=-1",
                "router.dispatch.poll-interval", "50",
                "spring.config.additional-location", "file:" + RESOURCES.resolve("application-orders.yaml").toAbsolutePath(),
                "camel.main.routes-include-pattern", "file:" + routes.toAbsolutePath() + "/*.camel.yaml"))) {
            WebhookClient shop = new WebhookClient(router.port(), "/webhooks/shop", WebhookClient.Scheme.STANDARD_WEBHOOKS,
                    "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
            byte[] shipped = "{\"type\":\"order.shipped\",\"timestamp\":\"2026-03-25T11:00:00Z\",\"data\":{\"order_id\":\"ord_5521\"}}"
                    .getBytes(StandardCharsets.UTF_8);
            byte[] cancelled = "{\"type\":\"order.cancelled\",\"data\":{\"order_id\":\"ord_5522\"}}".getBytes(StandardCharsets.UTF_8);

            assertThat(shop.post(shipped, "msg_ord_5521_shipped", Instant.now()).body())
                    .isEqualTo("{\"status\":\"accepted\",\"event_id\":\"msg_ord_5521_shipped\"}");
            assertThat(shop.post(cancelled, "msg_ord_5522_cancelled", Instant.now()).body())
                    .isEqualTo("{\"status\":\"ignored\",\"event_id\":\"msg_ord_5522_cancelled\",\"event\":\"order.cancelled\"}");

            Exchange delivered = router.bean(ConsumerTemplate.class).receive("seda:orders", 20_000);
            assertThat(delivered).as("the sink added in YAML got the event").isNotNull();
            assertThat(delivered.getProperty("eventSource")).isEqualTo("shop");
            assertThat(delivered.getProperty("eventType")).isEqualTo("order.shipped");
            assertThat(delivered.getProperty("eventId")).isEqualTo("shop:msg_ord_5521_shipped");
            assertThat(delivered.getIn().getBody(String.class)).isEqualTo(new String(shipped, StandardCharsets.UTF_8));
            JdbcTemplate jdbc = router.bean(JdbcTemplate.class);
            await().atMost(Duration.ofSeconds(10)).until(() -> "DONE".equals(
                    jdbc.queryForObject("SELECT status FROM inbox_event WHERE event_id = 'shop:msg_ord_5521_shipped'", String.class)));
            assertThat(jdbc.queryForObject("SELECT source FROM vobiz_event WHERE event_id = 'shop:msg_ord_5521_shipped'", String.class))
                    .isEqualTo("shop");
            assertThat(router.bean(io.micrometer.core.instrument.MeterRegistry.class)
                    .counter("vobiz.dispatch", "sink", "orders", "outcome", "success").count())
                    .as("the sink named under the deprecated property name").isEqualTo(1.0);
        }
    }
}
