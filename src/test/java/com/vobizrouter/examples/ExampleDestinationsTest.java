package com.vobizrouter.examples;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.vobizrouter.testsupport.FakeBusinessSystems;
import com.vobizrouter.testsupport.OnH2;
import com.vobizrouter.testsupport.RouterTest;
import com.vobizrouter.testsupport.WebhookClient;
import com.vobizrouter.testsupport.WithFakeBusinessSystems;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.test.annotation.DirtiesContext;

/**
 * The shipped examples of routes/examples, each imported as an engineer would
 * ({@code spring.config.import}) with only its environment variables set, against a fake of its
 * system: Slack and Freshdesk as WireMock, the order system's database as an H2 database of its
 * own. Events go in as signed webhooks; what each system receives is the example's mapping.
 */
@OnH2
@RouterTest({
    "router.webhook.secrets=whsec_examples",
    "router.dispatch.initial-backoff=200ms",
    "router.dispatch.poll-interval=50",
    "spring.config.import=file:routes/examples/slack-alert.yaml,file:routes/examples/freshdesk-ticket.yaml,"
            + "file:routes/examples/order-status.yaml",
    "SLACK_WEBHOOK_URL=${camel.component.zendesk.server-url}/services/T0001/B0001/slack-secret",
    "FRESHDESK_DOMAIN=acme",
    "FRESHDESK_API_KEY=fd-api-key",
    // The one setting a test changes: Freshdesk is the fake, not acme.freshdesk.com.
    "router.destinations.freshdesk.url=${camel.component.zendesk.server-url}/api/v2/tickets",
    "ORDERS_DB_URL=" + ExampleDestinationsTest.ORDERS,
    "ORDERS_DB_USER=orders",
    "ORDERS_DB_PASSWORD=orders-secret",
    "logging.level.com.vobizrouter=ERROR"
})
@WithFakeBusinessSystems
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class ExampleDestinationsTest {

    static final String ORDERS = "jdbc:h2:mem:example-orders;DB_CLOSE_DELAY=-1";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static SingleConnectionDataSource ordersDatabase;

    @Autowired
    JdbcTemplate jdbc;

    FakeBusinessSystems fakes;

    WebhookClient vobiz;

    @BeforeAll
    static void orderSystem() {
        ordersDatabase = new SingleConnectionDataSource(ORDERS, "orders", "orders-secret", true);
        JdbcTemplate orders = new JdbcTemplate(ordersDatabase);
        orders.execute("CREATE TABLE order_notification (order_id VARCHAR(20) PRIMARY KEY, whatsapp_message_id VARCHAR(200),"
                + " whatsapp_status VARCHAR(20), delivered_at TIMESTAMP WITH TIME ZONE)");
    }

    @AfterAll
    static void closeOrderSystem() {
        new JdbcTemplate(ordersDatabase).execute("DROP ALL OBJECTS");
        ordersDatabase.destroy();
    }

    @BeforeEach
    void answers() {
        fakes.standardAnswers();
        fakes.server().stubFor(post(urlPathEqualTo("/services/T0001/B0001/slack-secret")).willReturn(aResponse().withStatus(200)
                .withBody("ok")));
        fakes.server().stubFor(post(urlPathEqualTo("/api/v2/tickets")).willReturn(aResponse().withStatus(201)
                .withBody("{\"id\":1}")));
    }

    @Test
    void aFailedMessageBecomesOneSlackAlertWithTheSendersMarkupEscaped() throws Exception {
        String id = "evt_" + UUID.randomUUID();
        vobiz.post("{\"event\":\"message.failed\",\"event_id\":\"" + id + "\",\"timestamp\":\"2026-12-07T10:00:00Z\",\"data\":"
                + "{\"message_id\":\"wamid.f1\",\"to\":\"+919876543210\",\"status\":\"failed\",\"error\":{\"code\":131026,"
                + "\"message\":\"<!channel> not a WhatsApp user & <https://evil.example|click>\"}}}");

        List<LoggedRequest> alerts = await().atMost(Duration.ofSeconds(20)).until(
                () -> requests("/services/T0001/B0001/slack-secret", "vobiz:" + id), found -> found.size() == 1);

        assertThat(JSON.readTree(alerts.get(0).getBodyAsString())).isEqualTo(JSON.readTree("""
                {"text":":warning: WhatsApp message to +919876543210 failed: &lt;!channel&gt; not a WhatsApp user &amp; \
                &lt;https://evil.example|click&gt; (code 131026)"}"""));
        assertThat(requests("/api/v2/tickets", "vobiz:" + id)).as("Freshdesk takes received messages only").isEmpty();
    }

    @Test
    void aReceivedMessageBecomesAFreshdeskTicketWithTheCustomerAsRequester() throws Exception {
        String id = "evt_" + UUID.randomUUID();
        vobiz.post("{\"event\":\"message.received\",\"event_id\":\"" + id + "\",\"timestamp\":\"2026-12-07T10:00:00Z\",\"data\":"
                + "{\"message_id\":\"wamid.r1\",\"from\":\"+1234567890\",\"contact\":{\"id\":\"cnt_1\",\"name\":\"John Doe\","
                + "\"phone\":\"+1234567890\"},\"type\":\"text\",\"text\":{\"body\":\"URGENT: where is <b>order</b> #4521?\"}}}");

        List<LoggedRequest> tickets = await().atMost(Duration.ofSeconds(20)).until(() -> requests("/api/v2/tickets", "vobiz:" + id),
                found -> found.size() == 1);

        LoggedRequest ticket = tickets.get(0);
        assertThat(ticket.getHeader("Authorization")).isEqualTo("Basic "
                + Base64.getEncoder().encodeToString("fd-api-key:X".getBytes(StandardCharsets.UTF_8)));
        JsonNode body = JSON.readTree(ticket.getBodyAsString());
        assertThat(body).isEqualTo(JSON.readTree("""
                {"subject":"WhatsApp message from John Doe","description":"URGENT: where is &lt;b&gt;order&lt;/b&gt; #4521?",
                 "phone":"+1234567890","name":"John Doe","status":2,"priority":3,"source":7,"tags":["whatsapp"],
                 "custom_fields":{"cf_router_event_id":"vobiz:%s"}}""".formatted(id)));
    }

    @Test
    void aDeliveryConfirmationUpdatesTheOrderSystemsRowOfThatMessageOnly() {
        JdbcTemplate orders = new JdbcTemplate(ordersDatabase);
        orders.update("INSERT INTO order_notification (order_id, whatsapp_message_id, whatsapp_status) VALUES ('ord-1', 'wamid.d1', 'sent'),"
                + " ('ord-2', 'wamid.d2', 'sent')");
        String id = "evt_" + UUID.randomUUID();

        vobiz.post("{\"event\":\"message.delivered\",\"event_id\":\"" + id + "\",\"timestamp\":\"2026-12-07T10:00:05Z\",\"data\":"
                + "{\"message_id\":\"wamid.d1\",\"to\":\"+1234567890\",\"status\":\"delivered\",\"timestamp\":\"2026-12-07T10:00:04Z\"}}");

        await().atMost(Duration.ofSeconds(20)).until(() -> "DONE".equals(jdbc.query("SELECT status FROM inbox_event WHERE event_id = ?",
                rs -> rs.next() ? rs.getString(1) : null, "vobiz:" + id)));
        Map<String, Object> delivered = orders.queryForMap("SELECT * FROM order_notification WHERE order_id = 'ord-1'");
        assertThat(delivered).containsEntry("WHATSAPP_STATUS", "delivered");
        assertThat(orders.queryForObject("SELECT delivered_at = TIMESTAMP WITH TIME ZONE '2026-12-07 10:00:04+00' FROM order_notification"
                + " WHERE order_id = 'ord-1'", Boolean.class)).isTrue();
        assertThat(orders.queryForObject("SELECT whatsapp_status FROM order_notification WHERE order_id = 'ord-2'", String.class))
                .isEqualTo("sent");
    }

    private List<LoggedRequest> requests(String path, String eventId) {
        return fakes.server().findAll(postRequestedFor(urlPathEqualTo(path))).stream()
                .filter(r -> eventId.equals(r.getHeader("Idempotency-Key"))).toList();
    }
}
