package com.vobizrouter.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.vobizrouter.testsupport.RouterTest;
import com.vobizrouter.testsupport.WebhookClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * With no Salesforce or Zendesk credentials the router still starts; events for those sinks
 * wait in the inbox (no attempt spent, re-checked only every parked-recheck, never dropped)
 * while the database sink keeps working, and health says which sinks are parked. With no admin
 * token configured, the admin API is off.
 */
@RouterTest({
    "router.webhook.secrets=whsec_parked",
    "spring.datasource.url=jdbc:h2:mem:parked;DB_CLOSE_DELAY=-1",
    "router.dispatch.poll-interval=50",
    "router.dispatch.parked-recheck=1h",
    "router.health.backlog-max-age=1s",
    "management.endpoint.health.show-details=always",
    "logging.level.com.vobizrouter=ERROR"
})
class ParkedSinksTest {

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void keepsEventsOfUnconfiguredSinksWaitingAndSaysSoInHealth(WebhookClient vobiz) throws Exception {
        String contact = "evt_" + UUID.randomUUID();
        String message = "evt_" + UUID.randomUUID();
        String status = "evt_" + UUID.randomUUID();
        vobiz.post("{\"event\":\"contact.updated\",\"event_id\":\"" + contact + "\",\"data\":{\"contact\":{\"id\":\"cnt_1\",\"name\":\"A B\"}}}");
        vobiz.post("{\"event\":\"message.received\",\"event_id\":\"" + message + "\",\"data\":{\"message_id\":\"wamid.1\",\"contact\":{\"id\":\"cnt_1\"}}}");
        vobiz.post(WebhookClient.event("message.sent", status));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(row(status)).containsEntry("STATUS", "DONE");
            assertThat((String) row(contact).get("LAST_ERROR")).contains("salesforce is parked");
            assertThat((String) row(message).get("LAST_ERROR")).contains("zendesk is parked");
        });
        for (String parked : new String[] {contact, message}) {
            Map<String, Object> row = row(parked);
            assertThat(row).containsEntry("STATUS", "PENDING").containsEntry("ATTEMPTS", 0);
            assertThat(((java.time.OffsetDateTime) row.get("NEXT_ATTEMPT_AT")).toInstant())
                    .as("re-checked after parked-recheck, not in a hot loop").isAfter(java.time.Instant.now().plus(Duration.ofMinutes(50)));
        }
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM dead_letter", Long.class)).isZero();

        HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + managementPort + "/actuator/health")).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode sinks = new ObjectMapper().readTree(health.body()).at("/components/sinks/details");
        assertThat(sinks.at("/salesforce/state").asText()).isEqualTo("parked");
        assertThat(sinks.at("/zendesk/state").asText()).isEqualTo("parked");
        assertThat(sinks.at("/messagestatus/state").asText()).isEqualTo("up");
        assertThat(sinks.at("/analytics/state").asText()).isEqualTo("up");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            HttpResponse<String> readiness = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + managementPort + "/actuator/health/readiness")).build(), HttpResponse.BodyHandlers.ofString());
            JsonNode inbox = new ObjectMapper().readTree(readiness.body()).at("/components/inbox");
            assertThat(inbox.get("status").asText()).as("parked events make the backlog too old").isEqualTo("DEGRADED");
            assertThat(inbox.at("/details/oldestAgeSeconds").asLong()).isGreaterThanOrEqualTo(1);
            assertThat(readiness.statusCode()).isEqualTo(200);
        });
    }

    @Test
    void keepsTheAdminApiOffWhenNoTokenIsConfiguredAndTheDemoStandInsAway() throws Exception {
        HttpResponse<String> admin = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + managementPort + "/admin/events")).header("Authorization", "Bearer ").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(admin.statusCode()).isEqualTo(404);
        HttpResponse<String> demo = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/demo/salesforce/services/oauth2/token"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(demo.statusCode()).as("the demo stand-ins exist only in the demo profile").isEqualTo(404);
    }

    private Map<String, Object> row(String eventId) {
        return jdbc.queryForMap("SELECT status, attempts, last_error, next_attempt_at FROM inbox_event WHERE event_id = ?", "vobiz:" + eventId);
    }
}
