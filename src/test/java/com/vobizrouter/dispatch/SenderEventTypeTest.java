package com.vobizrouter.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.vobizrouter.testsupport.RouterTest;
import com.vobizrouter.testsupport.WebhookClient;
import com.vobizrouter.testsupport.WebhookClient.Scheme;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * An event type is the sender's text, and never reaches Camel's endpoint resolver, a property
 * placeholder or an expression: a Standard Webhooks event of type
 * {@code x{{router.admin.token}}?bogus=1} is refused at intake (400 naming {@code type}), and a
 * row with such a type already in the inbox (as intake stored them before types were checked) is
 * dispatched to analytics only, without the token ever being resolved into its last error, the
 * log or an endpoint.
 */
@RouterTest({
    "router.webhook.secrets=whsec_sender_types",
    "router.admin.token=" + SenderEventTypeTest.ADMIN_TOKEN,
    "router.sources.partner.path=/webhooks/partner",
    "router.sources.partner.profile=standard-webhooks",
    "router.sources.partner.secrets=" + SenderEventTypeTest.PARTNER_SECRET,
    "router.dispatch.poll-interval=50",
    "spring.datasource.url=jdbc:h2:mem:sender-event-type;DB_CLOSE_DELAY=-1"
})
@ExtendWith(OutputCaptureExtension.class)
class SenderEventTypeTest {

    static final String ADMIN_TOKEN = "admin-token-never-in-a-uri-4711";
    static final String PARTNER_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String PLACEHOLDER_TYPE = "x{{router.admin.token}}?bogus=1";

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    CamelContext camel;

    @Test
    void aStandardWebhooksEventWhoseTypeNamesAPlaceholderIsRefusedWith400NamingTheField(CapturedOutput output) {
        WebhookClient partner = new WebhookClient(port, "/webhooks/partner", Scheme.STANDARD_WEBHOOKS, PARTNER_SECRET);
        long lastRejection = jdbc.queryForObject("SELECT COALESCE(MAX(id), 0) FROM rejected_request", Long.class);

        HttpResponse<String> answer = partner.post("{\"type\":\"" + PLACEHOLDER_TYPE + "\",\"data\":{}}");

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
        assertThat(answer.body()).contains("type must be").doesNotContain(ADMIN_TOKEN).doesNotContain("{{");
        assertThat(jdbc.queryForList("SELECT reason FROM rejected_request WHERE id > ?", String.class, lastRejection))
                .containsExactly("invalid_event_type");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM inbox_event WHERE event_type LIKE 'x%'", Long.class)).isZero();
        assertThat(output.getAll()).doesNotContain(ADMIN_TOKEN);
    }

    @Test
    void storedTypesWithPlaceholdersOrExpressionsGoToAnalyticsOnlyAndAreNeverResolved(CapturedOutput output) {
        List<String> types = List.of(PLACEHOLDER_TYPE, "x{{router.admin.token}}", "x${exchangeProperty.eventId}",
                "x${sys.user.name}?bogus=1", "x&failIfNoConsumers=true");
        Map<String, String> ids = new java.util.LinkedHashMap<>();
        for (String type : types) {
            String id = "evt_old_type_" + UUID.randomUUID();
            ids.put(id, type);
            jdbc.update("INSERT INTO inbox_event (event_id, event_type, received_at, status, next_attempt_at, payload) VALUES (?, ?, ?, 'PENDING', ?, ?)",
                    id, type, Timestamp.from(Instant.now()), Timestamp.from(Instant.now()),
                    "{\"event\":\"" + type + "\",\"event_id\":\"" + id + "\",\"data\":{}}");
        }

        for (Map.Entry<String, String> row : ids.entrySet()) {
            String id = row.getKey();
            await().atMost(Duration.ofSeconds(20)).until(() -> !"PENDING".equals(
                    jdbc.queryForObject("SELECT status FROM inbox_event WHERE event_id = ?", String.class, id)));
            Map<String, Object> stored = jdbc.queryForMap("SELECT status, attempts, last_error FROM inbox_event WHERE event_id = ?", id);
            assertThat(stored).as(row.getValue()).containsEntry("STATUS", "DONE").containsEntry("ATTEMPTS", 0)
                    .containsEntry("LAST_ERROR", null);
            assertThat(jdbc.queryForObject("SELECT event_type FROM vobiz_event WHERE event_id = ?", String.class, id))
                    .as("analytics keeps the type as stored").isEqualTo(row.getValue());
        }
        assertThat(camel.getEndpoints()).as("no endpoint was made from a type")
                .noneMatch(endpoint -> endpoint.getEndpointUri().contains("event-x") || endpoint.getEndpointUri().contains(ADMIN_TOKEN));
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM delivery_attempt WHERE reason LIKE ?", Long.class, "%" + ADMIN_TOKEN + "%"))
                .isZero();
        assertThat(output.getAll()).doesNotContain(ADMIN_TOKEN);
    }
}
