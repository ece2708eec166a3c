package com.vobizrouter.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.vobizrouter.testsupport.FakeBusinessSystems;
import com.vobizrouter.testsupport.OnH2;
import com.vobizrouter.testsupport.RouterTest;
import com.vobizrouter.testsupport.WebhookClient;
import com.vobizrouter.testsupport.WithFakeBusinessSystems;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;

/**
 * {@code POST /admin/dry-run} and {@code GET /admin/events/export}: recorded events run through
 * the routes and mappings as they are now, every destination replaced by a recorder. It answers
 * what each destination would have received, and nothing is called or written: the fakes see no
 * request, and no table of the router or of a sql destination changes.
 */
@OnH2
@RouterTest({
    "router.webhook.secrets=whsec_dry_run",
    "router.dispatch.poll-interval=50",
    "router.sinks.salesforce.batch-linger=50ms",
    "router.admin.token=dry-run-admin-token",
    "router.destinations.chatbot.kind=http",
    "router.destinations.chatbot.url=${camel.component.zendesk.server-url}/chatbot",
    "router.destinations.chatbot.events=message.received",
    "router.destinations.chatbot.bearer-token=chatbot-secret-token",
    "router.destinations.chatbot.mapping={text: .data.text.body, id: $event_id}",
    "router.destinations.ledger.kind=kafka",
    "router.destinations.ledger.brokers=127.0.0.1:1",
    "router.destinations.ledger.topic=ledger",
    "router.destinations.ledger.events=message.*",
    "router.destinations.ledger.key=.data.message_id",
    "router.destinations.orders.kind=sql",
    "router.destinations.orders.url=jdbc:h2:mem:dry-run-orders;DB_CLOSE_DELAY=-1",
    "router.destinations.orders.events=message.delivered",
    "router.destinations.orders.statement=UPDATE orders SET status = :status WHERE message_id = :message_id",
    "router.destinations.orders.mapping={message_id: .data.message_id, status: .data.status}",
    "logging.level.com.vobizrouter=ERROR"
})
@WithFakeBusinessSystems
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class DryRunTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> TABLES = List.of("inbox_event", "delivery", "delivery_attempt", "dead_letter", "vobiz_event",
            "message_status", "campaign_result", "zendesk_user", "zendesk_ticket", "zendesk_message", "sink_budget", "sink_lock",
            "CAMEL_MESSAGEPROCESSED");

    @Autowired
    JdbcTemplate jdbc;

    @LocalManagementPort
    int managementPort;

    FakeBusinessSystems fakes;

    WebhookClient vobiz;

    @BeforeEach
    void answers() {
        fakes.standardAnswers();
        fakes.server().stubFor(com.github.tomakehurst.wiremock.client.WireMock.post("/chatbot")
                .willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(200)));
    }

    @Test
    void recordedEventsShowWhatEachDestinationWouldReceiveAndNothingIsCalledOrWritten() throws Exception {
        String received = "evt_" + UUID.randomUUID();
        String contact = "evt_" + UUID.randomUUID();
        vobiz.post("{\"event\":\"message.received\",\"event_id\":\"" + received + "\",\"timestamp\":\"" + Instant.now() + "\",\"data\":"
                + "{\"message_id\":\"wamid.dry1\",\"from\":\"+15550001\",\"contact\":{\"id\":\"cnt_dry\",\"name\":\"Ada Lovelace\","
                + "\"phone\":\"+15550001\"},\"type\":\"text\",\"text\":{\"body\":\"Where is my order?\"}}}");
        vobiz.post("{\"event\":\"contact.updated\",\"event_id\":\"" + contact + "\",\"timestamp\":\"" + Instant.now() + "\",\"data\":"
                + "{\"contact\":{\"id\":\"cnt_dry\",\"name\":\"Ada Lovelace\",\"email\":\"ada@example.com\"}}}");
        await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.queryForObject("SELECT COUNT(*) FROM inbox_event WHERE event_id IN (?, ?)"
                + " AND status IN ('DONE', 'DEAD', 'PENDING') AND destinations IS NOT NULL", Integer.class, "vobiz:" + received,
                "vobiz:" + contact) == 2);
        Map<String, Long> before = counts();
        int requestsBefore = fakes.server().getAllServeEvents().size();

        JsonNode answer = post("/admin/dry-run", "{\"type\":\"message.received\",\"limit\":1000}", "application/json");

        JsonNode event = only(answer, "vobiz:" + received);
        assertThat(event.get("destinations")).extracting(JsonNode::asText).containsExactly("analytics", "zendesk", "chatbot", "ledger");
        JsonNode chatbot = event.get("received").get("chatbot");
        assertThat(chatbot.get("method").asText()).isEqualTo("POST");
        assertThat(chatbot.get("body")).isEqualTo(JSON.readTree("{\"text\":\"Where is my order?\",\"id\":\"vobiz:" + received + "\"}"));
        assertThat(chatbot.get("headers").get("Authorization").asText()).isEqualTo("***");
        assertThat(answer.toString()).doesNotContain("chatbot-secret-token");
        assertThat(event.get("received").get("zendesk").get("ticket").get("comment").asText()).isEqualTo("Where is my order?");
        assertThat(event.get("received").get("zendesk").get("ticket_external_id").asText()).startsWith("vobiz-conversation-");
        assertThat(event.get("received").get("ledger").get("key").asText()).isEqualTo("wamid.dry1");
        assertThat(event.get("received").get("analytics").get("table").asText()).isEqualTo("vobiz_event");

        JsonNode contactRun = only(post("/admin/dry-run", "{\"type\":\"contact.updated\"}", "application/json"), "vobiz:" + contact);
        assertThat(contactRun.get("received").get("salesforce").get("externalId").asText()).isEqualTo("cnt_dry");

        assertThat(counts()).as("no table written").isEqualTo(before);
        assertThat(fakes.server().getAllServeEvents()).as("no call made").hasSize(requestsBefore);
    }

    @Test
    void exportedEventsRunOnAnotherRoutersDryRunAsTheyWereSent() throws Exception {
        String id = "evt_" + UUID.randomUUID();
        String sent = "{\"event\":\"message.delivered\",\"event_id\":\"" + id + "\",\"timestamp\":\"" + Instant.now() + "\",\"data\":"
                + "{\"message_id\":\"wamid.exp1\",\"to\":\"+15550002\",\"status\":\"delivered\"}}";
        vobiz.post(sent);
        await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.queryForObject("SELECT COUNT(*) FROM inbox_event WHERE event_id = ?"
                + " AND destinations IS NOT NULL", Integer.class, "vobiz:" + id) == 1);

        String exported = get("/admin/events/export?type=message.delivered&limit=1000");
        String line = exported.lines().filter(l -> l.contains("vobiz:" + id)).findFirst().orElseThrow();
        assertThat(JSON.readTree(line).get("payload").asText()).isEqualTo(sent);
        Map<String, Long> before = counts();
        int requestsBefore = fakes.server().getAllServeEvents().size();

        JsonNode event = only(post("/admin/dry-run", line + "\n", "application/x-ndjson"), "vobiz:" + id);

        assertThat(event.get("destinations")).extracting(JsonNode::asText).containsExactly("analytics", "messagestatus", "ledger", "orders");
        assertThat(event.get("received").get("orders").get("parameters").get("message_id").asText()).isEqualTo("wamid.exp1");
        assertThat(event.get("received").get("orders").get("statement").asText()).startsWith("UPDATE orders");
        assertThat(event.get("received").get("messagestatus").get("row").get("status").asText()).isEqualTo("delivered");
        assertThat(counts()).isEqualTo(before);
        assertThat(fakes.server().getAllServeEvents()).hasSize(requestsBefore);
    }

    @Test
    void aThousandExportedEventsRunWithoutACallOrAWrite() throws Exception {
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            String type = i % 2 == 0 ? "message.received" : "message.read";
            String payload = "{\"event\":\"" + type + "\",\"event_id\":\"bulk" + i + "\",\"timestamp\":\"2026-12-07T10:00:00Z\",\"data\":"
                    + "{\"message_id\":\"wamid.bulk" + i + "\",\"from\":\"+1555" + i + "\",\"contact\":{\"id\":\"cnt_" + i + "\",\"name\":\"N "
                    + i + "\"},\"text\":{\"body\":\"hello " + i + "\"},\"status\":\"read\"}}";
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("event_id", "vobiz:bulk" + i);
            line.put("type", type);
            line.put("source", "vobiz");
            line.put("received_at", "2026-12-07T10:00:01Z");
            line.put("payload", payload);
            lines.append(JSON.writeValueAsString(line)).append('\n');
        }
        Map<String, Long> before = counts();
        int requestsBefore = fakes.server().getAllServeEvents().size();

        JsonNode answer = post("/admin/dry-run", lines.toString(), "application/x-ndjson");

        assertThat(answer.get("count").asInt()).isEqualTo(1000);
        assertThat(answer.get("events").get(0).get("received").get("chatbot").get("body").get("text").asText()).isEqualTo("hello 0");
        assertThat(answer.get("events").get(1).get("destinations")).extracting(JsonNode::asText).contains("messagestatus", "ledger");
        assertThat(answer.findValues("failures")).allSatisfy(f -> assertThat(f).isEmpty());
        assertThat(counts()).isEqualTo(before);
        assertThat(fakes.server().getAllServeEvents()).hasSize(requestsBefore);
    }

    @Test
    void moreThanAThousandEventsOrAnUnreadableBodyIsRefused() throws Exception {
        HttpResponse<String> tooMany = send("/admin/dry-run", "{\"limit\":1001}", "application/json");
        assertThat(tooMany.statusCode()).isEqualTo(400);
        HttpResponse<String> unreadable = send("/admin/dry-run", "{\"event_id\":1,\"payload\":2}\nnot json\n", "application/x-ndjson");
        assertThat(unreadable.statusCode()).isEqualTo(400);
        assertThat(send("/admin/dry-run", "{}", "application/json").statusCode()).isEqualTo(200);
    }

    @Test
    void hostileBodiesAreAnsweredWithoutAServerErrorAndWriteNothing() throws Exception {
        Map<String, Long> before = counts();
        String deep = "[".repeat(5_000) + "]".repeat(5_000);
        List<String> bodies = List.of(deep, "{\"from\":\"yesterday\"}", "{\"limit\":\"all\"}", "[1,2]", "null", "\"text\"",
                "{\"event_id\":\"vobiz:x\",\"payload\":\"not json at all\"}\n",
                "{\"event_id\":\"vobiz:x\",\"payload\":\"{}\",\"received_at\":\"not a time\"}\n",
                "{\"event_id\":\"vobiz:x\",\"type\":\"message.received\",\"payload\":\"" + deep + "\"}\n",
                "{\"event_id\":\"vobiz:x\",\"payload\":\"{\\\"event\\\":\\\"{{router.admin.token}}\\\",\\\"data\\\":{\\\"text\\\":"
                        + "{\\\"body\\\":\\\"${java:os}\\\"}}}\"}\n");
        for (String body : bodies) {
            HttpResponse<String> answer = send("/admin/dry-run", body, body.endsWith("\n") ? "application/x-ndjson" : "application/json");
            assertThat(answer.statusCode()).as(body.length() > 80 ? body.substring(0, 80) : body).isIn(200, 400);
            assertThat(answer.body()).doesNotContain("dry-run-admin-token");
        }
        assertThat(counts()).isEqualTo(before);
    }

    private Map<String, Long> counts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String table : TABLES) {
            counts.put(table, jdbc.queryForObject("SELECT COUNT(*) FROM " + table, Long.class));
        }
        counts.put("orders database", new JdbcTemplate(new org.springframework.jdbc.datasource.DriverManagerDataSource(
                "jdbc:h2:mem:dry-run-orders;DB_CLOSE_DELAY=-1")).queryForObject(
                "SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = 'PUBLIC'", Long.class));
        return counts;
    }

    private static JsonNode only(JsonNode answer, String eventId) {
        List<JsonNode> found = new java.util.ArrayList<>();
        answer.get("events").forEach(e -> {
            if (eventId.equals(e.get("event_id").asText())) {
                found.add(e);
            }
        });
        assertThat(found).as(answer.toString()).hasSize(1);
        return found.get(0);
    }

    private JsonNode post(String path, String body, String contentType) throws Exception {
        HttpResponse<String> answer = send(path, body, contentType);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return JSON.readTree(answer.body());
    }

    private HttpResponse<String> send(String path, String body, String contentType) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + path))
                .header("Authorization", "Bearer dry-run-admin-token").header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private String get(String path) throws Exception {
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort
                + path)).header("Authorization", "Bearer dry-run-admin-token").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return answer.body();
    }
}
