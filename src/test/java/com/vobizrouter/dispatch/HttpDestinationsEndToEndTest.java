package com.vobizrouter.dispatch;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.vobizrouter.testsupport.FakeBusinessSystems;
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
 * Destinations of kind {@code http} beside the built-in ones, end to end: signed webhooks in,
 * the real camel-http, camel-zendesk and camel-salesforce components out to WireMock, a real
 * database. An event reaches each destination once however many rules name it, as its sender
 * sent it, with the same Idempotency-Key on every try and a fresh Standard Webhooks signature;
 * a destination that fails is retried alone (the others never get the event again); a refusal
 * becomes a dead letter of that destination, whose replay delivers to it only; a 429 pauses it
 * without spending an attempt; the admin API lists every delivery. Subclasses choose the database.
 */
@RouterTest({
    "router.webhook.secrets=whsec_destinations",
    "router.dispatch.initial-backoff=200ms",
    "router.dispatch.max-backoff=1s",
    "router.dispatch.max-attempts=5",
    "router.dispatch.poll-interval=50",
    "router.admin.token=destinations-admin-token",
    "router.events.enabled=contact.updated,message.received,message.sent,message.delivered,message.read,message.failed,"
            + "campaign.completed,order.shipped",
    "camel.main.routes-include-pattern=file:routes/*.camel.yaml,classpath:destinations/*.camel.yaml",
    "router.destinations.chatbot.kind=http",
    "router.destinations.chatbot.url=${camel.component.zendesk.server-url}/chatbot?team=7",
    "router.destinations.chatbot.events=message.received,order.*",
    "router.destinations.chatbot.bearer-token=chatbot-token",
    "router.destinations.chatbot.headers.X-Team=support",
    "router.destinations.chatbot.signing-secret=" + HttpDestinationsEndToEndTest.SECRET,
    "router.destinations.warehouse.kind=http",
    "router.destinations.warehouse.url=${camel.component.zendesk.server-url}/warehouse",
    "router.destinations.warehouse.events=*",
    "router.destinations.crm.kind=http",
    "router.destinations.crm.url=${camel.component.zendesk.server-url}/crm",
    "router.destinations.crm.events=message.failed",
    "router.destinations.crm.max-attempts=2",
    "logging.level.com.vobizrouter=ERROR"
})
@WithFakeBusinessSystems
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
abstract class HttpDestinationsEndToEndTest {

    static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    JdbcTemplate jdbc;

    @LocalManagementPort
    int managementPort;

    @Autowired
    io.micrometer.core.instrument.MeterRegistry meters;

    FakeBusinessSystems fakes;

    WebhookClient vobiz;

    @BeforeEach
    void answers() {
        fakes.standardAnswers();
        fakes.server().stubFor(post(urlPathEqualTo("/chatbot")).willReturn(aResponse().withStatus(202)));
        fakes.server().stubFor(post(urlPathEqualTo("/warehouse")).willReturn(aResponse().withStatus(200)));
        fakes.server().stubFor(post(urlPathEqualTo("/crm")).willReturn(aResponse().withStatus(204)));
    }

    @Test
    void anEventNamedTwiceByARouteAndSubscribedReachesItsDestinationOnceAsSentAndSigned() throws Exception {
        String id = "evt_" + UUID.randomUUID();
        String event = "{\"event\":\"order.shipped\",\"event_id\":\"" + id + "\",\"timestamp\":\"" + java.time.Instant.now()
                + "\",\"data\":{\"order_id\":\"ord_5521\"}}";

        assertThat(vobiz.post(event).body()).contains("\"accepted\"");
        awaitInbox("vobiz:" + id, "DONE");

        List<LoggedRequest> chatbot = fakes.posts("/chatbot", "vobiz:" + id);
        assertThat(chatbot).hasSize(1);
        LoggedRequest request = chatbot.get(0);
        assertThat(request.getBodyAsString()).isEqualTo(event);
        assertThat(request.getUrl()).isEqualTo("/chatbot?team=7");
        assertThat(request.getHeader("Content-Type")).startsWith("application/json");
        assertThat(request.getHeader("Authorization")).isEqualTo("Bearer chatbot-token");
        assertThat(request.getHeader("X-Team")).isEqualTo("support");
        assertThat(request.getHeader("webhook-id")).isEqualTo("vobiz:" + id);
        String signed = request.getHeader("webhook-id") + "." + request.getHeader("webhook-timestamp") + "." + request.getBodyAsString();
        assertThat(request.getHeader("webhook-signature")).isEqualTo("v1," + hmac(signed));
        assertThat(request.getHeader("traceparent")).as("tracing is off by default").isNull();
        assertThat(jdbc.queryForObject("SELECT trace_parent FROM inbox_event WHERE event_id = ?", String.class, "vobiz:" + id)).isNull();
        assertThat(fakes.posts("/warehouse", "vobiz:" + id)).as("subscribed to every type").hasSize(1);
        assertThat(fakes.posts("/crm", "vobiz:" + id)).as("not subscribed").isEmpty();

        JsonNode shown = admin("/admin/events/vobiz:" + id);
        assertThat(shown.get("deliveries").findValuesAsText("destination")).containsExactly("analytics", "chatbot", "warehouse");
        assertThat(shown.get("deliveries").findValuesAsText("status")).containsOnly("DONE");
    }

    @Test
    void aFailingDestinationIsRetriedAloneAndTheOthersNeverGetTheEventAgain() throws Exception {
        fakes.server().stubFor(post(urlPathEqualTo("/chatbot")).atPriority(1).inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
                .willSetStateTo("second").willReturn(aResponse().withStatus(503).withHeader("Retry-After", "1")));
        fakes.server().stubFor(post(urlPathEqualTo("/chatbot")).atPriority(1).inScenario("flaky").whenScenarioStateIs("second")
                .willSetStateTo("recovered").willReturn(aResponse().withStatus(500)));
        fakes.server().stubFor(post(urlPathEqualTo("/chatbot")).atPriority(1).inScenario("flaky").whenScenarioStateIs("recovered")
                .willReturn(aResponse().withStatus(200)));
        String id = "evt_" + UUID.randomUUID();
        String contact = "cnt_" + UUID.randomUUID();

        vobiz.post("{\"event\":\"message.received\",\"event_id\":\"" + id + "\",\"data\":{\"message_id\":\"wamid." + id
                + "\",\"from\":\"+1234567890\",\"contact\":{\"id\":\"" + contact + "\",\"name\":\"Ann Lee\"},\"type\":\"text\","
                + "\"text\":{\"body\":\"hello\"}}}");
        awaitInbox("vobiz:" + id, "DONE");

        List<LoggedRequest> chatbot = fakes.posts("/chatbot", "vobiz:" + id);
        assertThat(chatbot).hasSize(3);
        assertThat(chatbot).extracting(r -> r.getHeader("webhook-id")).containsOnly("vobiz:" + id);
        for (LoggedRequest attempt : chatbot) {
            String signed = attempt.getHeader("webhook-id") + "." + attempt.getHeader("webhook-timestamp") + "." + attempt.getBodyAsString();
            assertThat(attempt.getHeader("webhook-signature")).as("signed for its own time").isEqualTo("v1," + hmac(signed));
        }
        assertThat(Long.parseLong(chatbot.get(1).getHeader("webhook-timestamp")))
                .as("the second attempt came after the Retry-After of the first, signed then")
                .isGreaterThan(Long.parseLong(chatbot.get(0).getHeader("webhook-timestamp")));
        assertThat(fakes.posts("/warehouse", "vobiz:" + id)).as("took it at the first dispatch").hasSize(1);
        assertThat(fakes.server().findAll(postRequestedFor(urlPathEqualTo("/api/v2/tickets.json")))
                .stream().filter(r -> r.getBodyAsString().contains(contact)).toList()).as("one ticket, never opened again").hasSize(1);
        assertThat(jdbc.queryForList("SELECT d.destination, d.status, d.attempts FROM delivery d JOIN inbox_event e ON e.id = d.inbox_id "
                + "WHERE e.event_id = ? ORDER BY d.destination", "vobiz:" + id).toString().toUpperCase())
                .contains("DESTINATION=ANALYTICS, STATUS=DONE, ATTEMPTS=0").contains("DESTINATION=CHATBOT, STATUS=DONE, ATTEMPTS=2")
                .contains("DESTINATION=WAREHOUSE, STATUS=DONE, ATTEMPTS=0").contains("DESTINATION=ZENDESK, STATUS=DONE, ATTEMPTS=0");
        assertThat(jdbc.queryForList("SELECT sink FROM delivery_attempt WHERE event_id = ?", String.class, "vobiz:" + id))
                .containsOnly("chatbot");
    }

    @Test
    void aRefusalIsADeadLetterOfThatDestinationAndItsReplayDeliversToItOnly() throws Exception {
        fakes.server().stubFor(post(urlPathEqualTo("/crm")).atPriority(1).inScenario("refusing").whenScenarioStateIs(Scenario.STARTED)
                .willSetStateTo("fixed").willReturn(aResponse().withStatus(404).withBody("no such hook " + "x".repeat(5000))));
        String id = "evt_" + UUID.randomUUID();

        vobiz.post(WebhookClient.event("message.failed", id));
        awaitInbox("vobiz:" + id, "DEAD");

        Map<String, Object> dead = jdbc.queryForMap("SELECT id, sink, reason, sink_response, attempts FROM dead_letter WHERE event_id = ?",
                "vobiz:" + id);
        assertThat(dead.get("SINK")).isEqualTo("crm");
        assertThat((String) dead.get("REASON")).contains("404");
        assertThat((String) dead.get("SINK_RESPONSE")).startsWith("no such hook").hasSizeLessThanOrEqualTo(4096);
        assertThat(fakes.posts("/crm", "vobiz:" + id)).as("a 404 is not tried again").hasSize(1);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM message_status WHERE last_event_id = ?", Integer.class, "vobiz:" + id))
                .as("the other destinations took it").isEqualTo(1);
        assertThat(admin("/admin/dead-letters?destination=crm").get("dead_letters").findValuesAsText("event_id")).contains("vobiz:" + id);

        HttpResponse<String> counted = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + managementPort + "/admin/replay")).header("Authorization", "Bearer destinations-admin-token")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"destination\":\"crm\",\"type\":\"message.failed\",\"dryRun\":true}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(JSON.readTree(counted.body()).get("matched").asInt()).as(counted.body()).isGreaterThanOrEqualTo(1);
        HttpResponse<String> none = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + managementPort + "/admin/replay")).header("Authorization", "Bearer destinations-admin-token")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"destination\":\"warehouse\",\"dryRun\":true}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(JSON.readTree(none.body()).get("matched").asInt()).as("filtered by destination").isZero();
        HttpResponse<String> replay = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + managementPort + "/admin/dead-letters/" + dead.get("ID") + "/replay")).header("Authorization", "Bearer destinations-admin-token")
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(replay.statusCode()).isEqualTo(200);
        awaitInbox("vobiz:" + id, "DONE");

        assertThat(fakes.posts("/crm", "vobiz:" + id)).hasSize(2);
        assertThat(fakes.posts("/warehouse", "vobiz:" + id)).as("the replay is crm's only").hasSize(1);
    }

    @Test
    void aTooManyRequestsAnswerPausesTheDestinationOnEveryInstanceWithoutSpendingAnAttempt() throws Exception {
        fakes.server().stubFor(post(urlPathEqualTo("/crm")).atPriority(1).inScenario("limited").whenScenarioStateIs(Scenario.STARTED)
                .willSetStateTo("allowed").willReturn(aResponse().withStatus(429).withHeader("Retry-After", "2")));
        String id = "evt_" + UUID.randomUUID();

        vobiz.post(WebhookClient.event("message.failed", id));
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForObject("SELECT COUNT(*) FROM sink_budget WHERE sink = 'crm' "
                + "AND paused_until > 0", Integer.class) == 1);
        awaitInbox("vobiz:" + id, "DONE");

        assertThat(fakes.posts("/crm", "vobiz:" + id)).hasSize(2);
        assertThat(jdbc.queryForObject("SELECT d.attempts FROM delivery d JOIN inbox_event e ON e.id = d.inbox_id WHERE e.event_id = ? "
                + "AND d.destination = 'crm'", Integer.class, "vobiz:" + id)).as("a pause is not a failed attempt").isZero();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM dead_letter WHERE event_id = ?", Integer.class, "vobiz:" + id)).isZero();
    }

    @Test
    void everyDestinationIsSeenByNameInHealthTheSinksViewAndTheMetrics() throws Exception {
        fakes.server().stubFor(post(urlPathEqualTo("/crm")).atPriority(1).inScenario("once").whenScenarioStateIs(Scenario.STARTED)
                .willSetStateTo("fine").willReturn(aResponse().withStatus(502)));
        String id = "evt_" + UUID.randomUUID();

        vobiz.post(WebhookClient.event("message.failed", id));
        awaitInbox("vobiz:" + id, "DONE");

        JsonNode sinks = admin("/admin/sinks").get("sinks");
        assertThat(sinks.findValuesAsText("name")).containsExactly("salesforce", "zendesk", "analytics", "messagestatus", "campaignresult",
                "chatbot", "crm", "warehouse");
        JsonNode crm = java.util.stream.StreamSupport.stream(sinks.spliterator(), false).filter(s -> s.get("name").asText().equals("crm"))
                .findFirst().orElseThrow();
        assertThat(crm.get("state").asText()).isEqualTo("up");
        int calls = 0;
        for (JsonNode minute : crm.get("calls_per_minute")) {
            calls += minute.asInt();
        }
        assertThat(calls).as("the 502 and the retry").isGreaterThanOrEqualTo(2);
        HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort
                + "/actuator/health")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(health.body()).contains("\"crm\"").contains("\"warehouse\"");
        assertThat(meters.counter("vobiz.sink.api.calls", "sink", "crm", "operation", "request", "status", "502").count()).isEqualTo(1.0);
        assertThat(meters.counter("vobiz.dispatch", "sink", "crm", "outcome", "retry").count()).isGreaterThanOrEqualTo(1.0);
        assertThat(meters.counter("vobiz.dispatch", "sink", "crm", "outcome", "success").count()).isGreaterThanOrEqualTo(1.0);
    }

    private void awaitInbox(String eventId, String status) {
        await().atMost(Duration.ofSeconds(20)).until(() -> status.equals(jdbc.query("SELECT status FROM inbox_event WHERE event_id = ?",
                rs -> rs.next() ? rs.getString(1) : null, eventId)));
    }

    private JsonNode admin(String path) throws Exception {
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort
                + path)).header("Authorization", "Bearer destinations-admin-token").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return JSON.readTree(answer.body());
    }

    private static String hmac(String content) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(SECRET.substring("whsec_".length())), "HmacSHA256"));
        return Base64.getEncoder().encodeToString(mac.doFinal(content.getBytes(StandardCharsets.UTF_8)));
    }
}
