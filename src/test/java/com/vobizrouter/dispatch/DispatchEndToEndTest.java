package com.vobizrouter.dispatch;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.vobizrouter.testsupport.FreshTimes;
import com.vobizrouter.testsupport.FakeBusinessSystems;
import com.vobizrouter.testsupport.RouterTest;
import com.vobizrouter.testsupport.WebhookClient;
import com.vobizrouter.testsupport.WithFakeBusinessSystems;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;

/**
 * Signed webhooks in over HTTP, business systems out: the real camel-salesforce and camel-zendesk
 * components talk to WireMock fakes, the database sink to a real database. Pins what each sink receives,
 * that duplicates and redeliveries change nothing, and how failures are retried, honoured or
 * dead-lettered. Subclasses choose the database.
 */
@RouterTest({
    "router.webhook.secrets=whsec_dispatch",
    "router.dispatch.initial-backoff=200ms",
    "router.dispatch.max-backoff=1s",
    "router.dispatch.max-attempts=5",
    "router.dispatch.poll-interval=50",
    "logging.level.com.vobizrouter=ERROR"
})
@WithFakeBusinessSystems
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
abstract class DispatchEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    JdbcTemplate jdbc;

    // Set for each test by @WithFakeBusinessSystems and @RouterTest.
    FakeBusinessSystems fakes;

    WebhookClient vobiz;

    @BeforeEach
    void standardAnswers() {
        fakes.standardAnswers();
    }

    @Test
    void deliversEachSampleToItsSinkAndResendingThemChangesNothing() throws Exception {
        List<Path> samples;
        try (var files = Files.list(Path.of("samples"))) {
            samples = files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        }
        // Status events in the order a message lives them, the rest in any order.
        for (String name : List.of("message.sent", "message.delivered", "message.read", "message.failed", "message.received",
                "contact.updated", "campaign.completed")) {
            Path sample = samples.stream().filter(p -> p.getFileName().toString().equals(name + ".json")).findFirst().orElseThrow();
            assertThat(vobiz.post(FreshTimes.of(Files.readAllBytes(sample))).body()).contains("\"accepted\"");
            awaitInbox("vobiz:" + JSON.readTree(sample.toFile()).get("event_id").asText(), "DONE");
        }

        // Salesforce: at most one login for the whole context (the session is cached, so an earlier
        // test may have made it), the token it returned on the call, one upsert keyed by contact id.
        assertThat(fakes.server().findAll(postRequestedFor(urlPathEqualTo("/services/oauth2/token")))).hasSizeLessThanOrEqualTo(1);
        List<LoggedRequest> calls = fakes.server().findAll(anyRequestedFor(urlPathEqualTo(FakeBusinessSystems.CONTACT_COLLECTION)));
        assertThat(calls).hasSize(1);
        assertThat(calls.get(0).getMethod().getName()).isEqualTo("PATCH");
        assertThat(calls.get(0).getHeader("Authorization")).isEqualTo("Bearer 00Dfake!token");
        assertThat(JSON.readTree(calls.get(0).getBodyAsString())).isEqualTo(JSON.readTree("{\"allOrNone\":false,\"records\":[{"
                + "\"attributes\":{\"type\":\"Contact\"},\"Vobiz_Contact_Id__c\":\"cnt_xyz789\",\"FirstName\":\"John\","
                + "\"LastName\":\"Doe\",\"Phone\":\"+1234567890\",\"Email\":\"john.doe@example.com\"}]}"));

        // Zendesk: the requester by external id, then a ticket for the conversation with the message.
        JsonNode user = JSON.readTree(fakes.server().findAll(postRequestedFor(urlPathEqualTo("/api/v2/users/create_or_update.json")))
                .get(0).getBodyAsString()).get("user");
        assertThat(user.get("external_id").asText()).isEqualTo("vobiz-contact-cnt_xyz789");
        assertThat(user.get("name").asText()).isEqualTo("John Doe");
        assertThat(user.get("phone").asText()).isEqualTo("+1234567890");
        List<LoggedRequest> tickets = fakes.server().findAll(postRequestedFor(urlPathEqualTo("/api/v2/tickets.json")));
        assertThat(tickets).hasSize(1);
        JsonNode ticket = JSON.readTree(tickets.get(0).getBodyAsString()).get("ticket");
        assertThat(ticket.get("external_id").asText()).isEqualTo("vobiz-conversation-cnt_xyz789");
        assertThat(ticket.get("requester_id").asLong()).isEqualTo(9001);
        assertThat(ticket.get("subject").asText()).isEqualTo("WhatsApp conversation with John Doe");
        assertThat(ticket.get("comment").get("body").asText())
                .startsWith("Hello, I'd like to know where my order #4521 is.")
                .endsWith("[WhatsApp message wamid.HBgLMTIzNDU2Nzg5MBUCABIYFjNFQjBDMEFCMTIzNDU2Nzg5MDEyAA==]");

        // Database: the latest status with a timestamp per status, the failure, the campaign, analytics.
        Map<String, Object> read = jdbc.queryForMap("SELECT * FROM message_status WHERE message_id = ?",
                "wamid.HBgLMTIzNDU2Nzg5MBUCABEYEjRBMUIyQzNENEU1RjZBN0I4AA==");
        assertThat(read).containsEntry("STATUS", "read").containsEntry("RECIPIENT", "+1234567890")
                .containsEntry("LAST_EVENT_ID", "vobiz:evt_msg_read_126");
        assertThat(read.get("SENT_AT")).isNotNull();
        assertThat(read.get("DELIVERED_AT")).isNotNull();
        assertThat(read.get("READ_AT")).isNotNull();
        assertThat(read.get("FAILED_AT")).isNull();
        Map<String, Object> failed = jdbc.queryForMap("SELECT * FROM message_status WHERE message_id = ?",
                "wamid.HBgLOTE5ODc2NTQzMjEwFQIAERgSOUY4RTdEMkMxQjBBOTg3NgA=");
        assertThat(failed).containsEntry("STATUS", "failed").containsEntry("ERROR_CODE", "131026")
                .containsEntry("ERROR_MESSAGE", "Message undeliverable: recipient is not a WhatsApp user");
        assertThat(jdbc.queryForMap("SELECT * FROM campaign_result WHERE campaign_id = 'cmp_spring_sale_2026'"))
                .containsEntry("NAME", "Spring sale 2026").containsEntry("TOTAL_COUNT", 1500).containsEntry("SENT_COUNT", 1492)
                .containsEntry("DELIVERED_COUNT", 1460).containsEntry("READ_COUNT", 1103).containsEntry("FAILED_COUNT", 8);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM vobiz_event WHERE event_id LIKE 'vobiz:evt\\_%\\_12_' ESCAPE '\\'",
                Long.class)).isEqualTo(7);

        // Resent: all duplicates, and no business system hears of them again.
        int requestsBefore = fakes.server().getAllServeEvents().size();
        for (Path sample : samples) {
            assertThat(vobiz.post(FreshTimes.of(Files.readAllBytes(sample))).body()).contains("\"duplicate\"");
        }
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                .until(() -> fakes.server().getAllServeEvents().size() == requestsBefore);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM vobiz_event WHERE event_id LIKE 'vobiz:evt\\_%\\_12_' ESCAPE '\\'",
                Long.class)).isEqualTo(7);
    }

    @Test
    void keepsReadWhenALateDeliveredArrivesButRecordsWhenItWasDelivered() {
        String message = "wamid." + UUID.randomUUID();
        String read = statusEvent("message.read", message, "2026-03-19T10:32:40Z");
        String delivered = statusEvent("message.delivered", message, "2026-03-19T10:31:05Z");

        post(read);
        awaitInbox(eventId(read), "DONE");
        post(delivered);
        awaitInbox(eventId(delivered), "DONE");

        Map<String, Object> row = jdbc.queryForMap("SELECT * FROM message_status WHERE message_id = ?", message);
        assertThat(row).containsEntry("STATUS", "read").containsEntry("STATUS_RANK", 3).containsEntry("LAST_EVENT_ID", eventId(read));
        assertThat(row.get("DELIVERED_AT")).isNotNull();
        assertThat(row.get("READ_AT")).isNotNull();
    }

    @Test
    void storesStatusesOfOneMessageArrivingTogetherWithoutLosingAny() throws Exception {
        for (int round = 0; round < 5; round++) {
            String message = "wamid." + UUID.randomUUID();
            List<String> events = List.of(statusEvent("message.sent", message, "2026-03-19T10:31:02Z"),
                    statusEvent("message.delivered", message, "2026-03-19T10:31:05Z"),
                    statusEvent("message.read", message, "2026-03-19T10:32:40Z"));
            java.util.concurrent.ExecutorService senders = java.util.concurrent.Executors.newFixedThreadPool(3);
            try {
                for (java.util.concurrent.Future<?> sent : events.stream().map(e -> senders.submit(() -> post(e))).toList()) {
                    sent.get();
                }
            } finally {
                senders.shutdownNow();
            }
            events.forEach(e -> awaitInbox(eventId(e), "DONE"));
            Map<String, Object> row = jdbc.queryForMap("SELECT * FROM message_status WHERE message_id = ?", message);
            assertThat(row).containsEntry("STATUS", "read");
            assertThat(row.get("SENT_AT")).isNotNull();
            assertThat(row.get("DELIVERED_AT")).isNotNull();
        }
    }

    @Test
    void addsALaterMessageToTheOpenTicketAsACommentAndNeverTwiceOnRedelivery() {
        // The router opened ticket 501 for this conversation before and remembers it and the requester.
        remember("zendesk_user", "contact_key", "user_id", "vobiz-contact-cnt_xyz789", 9001);
        remember("zendesk_ticket", "conversation_key", "ticket_id", "vobiz-conversation-cnt_xyz789", 501);
        String message = "wamid." + UUID.randomUUID();
        String event = "{\"event\":\"message.received\",\"event_id\":\"evt_" + UUID.randomUUID() + "\",\"timestamp\":\"" + Instant.now() + "\","
                + "\"data\":{\"message_id\":\"" + message + "\",\"from\":\"+1234567890\",\"contact\":{\"id\":\"cnt_xyz789\",\"name\":\"John Doe\","
                + "\"phone\":\"+1234567890\"},\"type\":\"image\",\"image\":{\"caption\":\"the damaged box\"}}}";

        post(event);
        awaitInbox(eventId(event), "DONE");

        List<LoggedRequest> comments = fakes.server().findAll(putRequestedFor(urlPathEqualTo("/api/v2/tickets/501.json")));
        assertThat(comments).hasSize(1);
        assertThat(comments.get(0).getBodyAsString()).contains("[image] the damaged box").contains("[WhatsApp message " + message + "]")
                .contains("\"author_id\":9001");
        assertThat(fakes.server().findAll(postRequestedFor(urlPathEqualTo("/api/v2/tickets.json")))).isEmpty();

        // Zendesk now lists that comment; the event is delivered again (as after a crash before DONE).
        fakes.server().stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(urlPathEqualTo("/api/v2/tickets/501/comments.json"))
                .willReturn(com.github.tomakehurst.wiremock.client.WireMock.okJson("{\"comments\":[{\"id\":77,\"type\":\"Comment\",\"body\":"
                        + JSON.valueToTree("[image] the damaged box\n\n[WhatsApp message " + message + "]") + "}],\"next_page\":null}")));
        jdbc.update("UPDATE inbox_event SET status = 'PENDING', next_attempt_at = CURRENT_TIMESTAMP WHERE event_id = ?", eventId(event));
        awaitInbox(eventId(event), "DONE");

        assertThat(fakes.server().findAll(putRequestedFor(urlPathEqualTo("/api/v2/tickets/501.json")))).hasSize(1);
        assertThat(fakes.server().findAll(postRequestedFor(urlPathEqualTo("/api/v2/tickets.json")))).isEmpty();
    }

    /** A row of one of the Zendesk sink's mapping tables, replacing any there. */
    private void remember(String table, String keyColumn, String idColumn, String key, long id) {
        jdbc.update("DELETE FROM " + table + " WHERE " + keyColumn + " = ?", key);
        jdbc.update("INSERT INTO " + table + " (" + keyColumn + ", " + idColumn + ", updated_at) VALUES (?, ?, CURRENT_TIMESTAMP)", key, id);
    }

    @Test
    void retriesSalesforceAnswering503UntilItRecovers() {
        fakes.server().stubFor(any(urlPathEqualTo(FakeBusinessSystems.CONTACT_COLLECTION)).inScenario("flaky")
                .whenScenarioStateIs(Scenario.STARTED).willSetStateTo("second")
                .willReturn(aResponse().withStatus(503).withBody("[{\"errorCode\":\"SERVER_UNAVAILABLE\",\"message\":\"down\"}]")));
        fakes.server().stubFor(any(urlPathEqualTo(FakeBusinessSystems.CONTACT_COLLECTION)).inScenario("flaky")
                .whenScenarioStateIs("second").willSetStateTo("recovered")
                .willReturn(aResponse().withStatus(503).withBody("[{\"errorCode\":\"SERVER_UNAVAILABLE\",\"message\":\"down\"}]")));
        fakes.server().stubFor(any(urlPathEqualTo(FakeBusinessSystems.CONTACT_COLLECTION)).inScenario("flaky")
                .whenScenarioStateIs("recovered").willReturn(FakeBusinessSystems.contactsUpserted()));
        String event = contactEvent("cnt_flaky_" + UUID.randomUUID());

        post(event);
        awaitInbox(eventId(event), "DONE");

        assertThat(fakes.contactCalls()).isEqualTo(3);
        assertThat(jdbc.queryForObject("SELECT attempts FROM inbox_event WHERE event_id = ?", Integer.class, eventId(event))).isEqualTo(2);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM dead_letter WHERE event_id = ?", Long.class, eventId(event))).isZero();
    }

    @Test
    void deadLettersAContactSalesforceRefusesWithItsAnswerAndDoesNotRetry() {
        fakes.server().stubFor(any(urlPathEqualTo(FakeBusinessSystems.CONTACT_COLLECTION)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("[{\"success\":false,\"errors\":[{\"statusCode\":\"REQUIRED_FIELD_MISSING\","
                        + "\"message\":\"Required fields are missing: [LastName]\",\"fields\":[\"LastName\"]}]}]")));
        String event = "{\"event\":\"contact.updated\",\"event_id\":\"evt_" + UUID.randomUUID() + "\",\"data\":{\"contact\":{\"id\":\"cnt_noname\"}}}";

        post(event);
        awaitInbox(eventId(event), "DEAD");

        assertThat(fakes.contactCalls()).isEqualTo(1);
        Map<String, Object> dead = jdbc.queryForMap("SELECT * FROM dead_letter WHERE event_id = ?", eventId(event));
        assertThat(dead).containsEntry("SINK", "salesforce").containsEntry("EVENT_TYPE", "contact.updated").containsEntry("ATTEMPTS", 1);
        assertThat((String) dead.get("REASON")).contains("Salesforce refused the record").contains("REQUIRED_FIELD_MISSING");
        assertThat((String) dead.get("SINK_RESPONSE")).contains("Required fields are missing: [LastName]");
    }

    @Test
    void deadLettersWhenTheWholeSalesforceCallIsRefused() {
        fakes.server().stubFor(any(urlPathEqualTo(FakeBusinessSystems.CONTACT_COLLECTION)).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json")
                .withBody("[{\"errorCode\":\"INVALID_FIELD\",\"message\":\"No such column 'Vobiz_Contact_Id__c' on sobject of type Contact\"}]")));
        String event = contactEvent("cnt_badfield_" + UUID.randomUUID());

        post(event);
        awaitInbox(eventId(event), "DEAD");

        assertThat(fakes.contactCalls()).isEqualTo(1);
        Map<String, Object> dead = jdbc.queryForMap("SELECT * FROM dead_letter WHERE event_id = ?", eventId(event));
        assertThat((String) dead.get("REASON")).contains("Salesforce answered 400");
        assertThat((String) dead.get("SINK_RESPONSE")).contains("INVALID_FIELD");
    }

    @Test
    void retriesWhenSalesforceSaysTheRequestLimitIsExceeded() {
        fakes.server().stubFor(any(urlPathEqualTo(FakeBusinessSystems.CONTACT_COLLECTION)).inScenario("limited")
                .whenScenarioStateIs(Scenario.STARTED).willSetStateTo("allowed")
                .willReturn(aResponse().withStatus(403).withHeader("Content-Type", "application/json")
                        .withBody("[{\"errorCode\":\"REQUEST_LIMIT_EXCEEDED\",\"message\":\"TotalRequests Limit exceeded.\"}]")));
        fakes.server().stubFor(any(urlPathEqualTo(FakeBusinessSystems.CONTACT_COLLECTION)).inScenario("limited")
                .whenScenarioStateIs("allowed").willReturn(FakeBusinessSystems.contactsUpserted()));
        String event = contactEvent("cnt_limited_" + UUID.randomUUID());

        post(event);
        awaitInbox(eventId(event), "DONE");

        assertThat(fakes.contactCalls()).isEqualTo(2);
        assertThat(jdbc.queryForObject("SELECT attempts FROM inbox_event WHERE event_id = ?", Integer.class, eventId(event))).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM dead_letter WHERE event_id = ?", Long.class, eventId(event))).isZero();
    }

    @Test
    void sendsABurstOfContactUpdatesInFarFewerCallsThanEvents() throws Exception {
        // Salesforce answers in 300 ms, like the real one under load: events keep arriving meanwhile.
        fakes.server().stubFor(any(urlPathEqualTo(FakeBusinessSystems.CONTACT_COLLECTION))
                .willReturn(FakeBusinessSystems.contactsUpserted().withFixedDelay(300)));
        List<String> bodies = IntStream.range(0, 500).mapToObj(i -> contactEvent("cnt_burst_" + i + "_" + UUID.randomUUID())).toList();
        List<String> events = bodies.stream().map(DispatchEndToEndTest::eventId).toList();
        // A burst: Vobiz delivers concurrently, faster than one upsert round trip per event.
        java.util.concurrent.ExecutorService senders = java.util.concurrent.Executors.newFixedThreadPool(16);
        try {
            for (java.util.concurrent.Future<?> sent : bodies.stream().map(body -> senders.submit(() -> post(body))).toList()) {
                sent.get();
            }
        } finally {
            senders.shutdownNow();
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(jdbc.queryForObject(
                "SELECT COUNT(*) FROM inbox_event WHERE status = 'DONE' AND event_id IN (" + String.join(",", events.stream()
                        .map(id -> "'" + id + "'").toList()) + ")", Long.class)).isEqualTo(500));

        assertThat(fakes.contactRecords()).hasSize(500);
        assertThat(fakes.contactCalls()).as("collection calls for 500 contacts").isLessThanOrEqualTo(50);
    }

    @Test
    void anOrgPastItsShareOfTheDailyAllowancePausesContactUpdatesWithoutSpendingAttempts() {
        fakes.server().stubFor(any(urlPathEqualTo(FakeBusinessSystems.CONTACT_COLLECTION))
                .willReturn(FakeBusinessSystems.contactsUpserted().withHeader("Sforce-Limit-Info", "api-usage=4100/5000")));
        String first = contactEvent("cnt_daily_" + UUID.randomUUID());
        String second = contactEvent("cnt_daily_" + UUID.randomUUID());
        try {
            post(first);
            awaitInbox(eventId(first), "DONE");
            await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForObject("SELECT COUNT(*) FROM sink_budget "
                    + "WHERE sink = 'salesforce' AND pause_reason LIKE 'api budget: 4100 of 5000 daily requests used%'", Integer.class) == 1);
            int calls = fakes.contactCalls();

            post(second);
            await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForObject(
                    "SELECT COUNT(*) FROM inbox_event WHERE event_id = ? AND last_error LIKE '%api budget%'", Integer.class, eventId(second)) == 1);
            assertThat(jdbc.queryForObject("SELECT attempts FROM inbox_event WHERE event_id = ?", Integer.class, eventId(second))).isZero();
            assertThat(jdbc.queryForObject("SELECT next_attempt_at FROM inbox_event WHERE event_id = ?", java.sql.Timestamp.class,
                    eventId(second)).toInstant()).as("after the pause").isAfter(Instant.now().plus(Duration.ofMinutes(14)));
            assertThat(fakes.contactCalls()).as("no call while paused").isEqualTo(calls);
        } finally {
            // The pause is lifted by hand, as an operator would once the org's usage fell.
            jdbc.update("UPDATE sink_budget SET paused_until = 0 WHERE sink = 'salesforce'");
            jdbc.update("UPDATE inbox_event SET next_attempt_at = CURRENT_TIMESTAMP WHERE event_id = ?", eventId(second));
        }
        fakes.standardAnswers();
        awaitInbox(eventId(second), "DONE");
    }

    @Test
    void aZendeskRateLimitPausesTheSinkForEveryInstanceForItsRetryAfterWithoutSpendingAnAttempt() {
        fakes.server().stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(urlPathEqualTo("/api/v2/users/create_or_update.json"))
                .inScenario("limited").whenScenarioStateIs(Scenario.STARTED).willSetStateTo("allowed")
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "3").withBody("{\"error\":\"APIRateLimitExceeded\"}")));
        fakes.server().stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(urlPathEqualTo("/api/v2/users/create_or_update.json"))
                .inScenario("limited").whenScenarioStateIs("allowed")
                .willReturn(com.github.tomakehurst.wiremock.client.WireMock.okJson("{\"user\":{\"id\":9001,\"name\":\"John Doe\"}}")));
        // A contact the router has no Zendesk user for yet, so its first call is the requester's.
        String event = "{\"event\":\"message.received\",\"event_id\":\"evt_" + UUID.randomUUID() + "\",\"data\":{\"message_id\":\"wamid."
                + UUID.randomUUID() + "\",\"from\":\"+1234567890\",\"contact\":{\"id\":\"cnt_limited_" + UUID.randomUUID()
                + "\",\"name\":\"John Doe\"},\"type\":\"text\",\"text\":{\"body\":\"hi\"}}}";

        Instant sent = Instant.now();
        post(event);
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForObject(
                "SELECT COUNT(*) FROM inbox_event WHERE event_id = ? AND last_error LIKE '%429%'", Integer.class, eventId(event)) == 1);
        Instant retryAt = jdbc.queryForObject("SELECT next_attempt_at FROM inbox_event WHERE event_id = ?", java.sql.Timestamp.class,
                eventId(event)).toInstant();
        assertThat(Duration.between(sent, retryAt)).as("the backoff alone would be under a second").isGreaterThanOrEqualTo(Duration.ofSeconds(3));
        assertThat(jdbc.queryForObject("SELECT attempts FROM inbox_event WHERE event_id = ?", Integer.class, eventId(event)))
                .as("a pause the sink asked for is not the event's failure").isZero();
        assertThat(Instant.ofEpochMilli(jdbc.queryForObject("SELECT paused_until FROM sink_budget WHERE sink = 'zendesk'", Long.class)))
                .as("paused in the database, for every instance").isAfterOrEqualTo(sent.plusSeconds(3));
        awaitInbox(eventId(event), "DONE");
    }

    private void post(String json) {
        assertThat(vobiz.post(json).body()).contains("\"accepted\"");
    }

    private void awaitInbox(String eventId, String status) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).untilAsserted(() ->
                assertThat(jdbc.queryForObject("SELECT status FROM inbox_event WHERE event_id = ?", String.class, eventId)).isEqualTo(status));
    }

    /** A status event sent now, of a status that happened {@code at}. */
    private static String statusEvent(String type, String messageId, String at) {
        return "{\"event\":\"" + type + "\",\"event_id\":\"evt_" + UUID.randomUUID() + "\",\"timestamp\":\"" + Instant.now()
                + "\",\"channel_id\":\"ch_1\","
                + "\"data\":{\"message_id\":\"" + messageId + "\",\"to\":\"+1234567890\",\"status\":\"x\",\"timestamp\":\"" + at + "\"}}";
    }

    private static String contactEvent(String contactId) {
        return "{\"event\":\"contact.updated\",\"event_id\":\"evt_" + UUID.randomUUID() + "\",\"data\":{\"contact\":{\"id\":\"" + contactId
                + "\",\"name\":\"Ada Lovelace\",\"phone\":\"+441234567\"}}}";
    }

    /** The router's id of a Vobiz event: {@code vobiz:<event_id>}. */
    private static String eventId(String json) {
        try {
            return "vobiz:" + JSON.readTree(json).get("event_id").asText();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
