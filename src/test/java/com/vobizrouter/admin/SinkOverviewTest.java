package com.vobizrouter.admin;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.vobizrouter.testsupport.FakeBusinessSystems;
import com.vobizrouter.testsupport.RouterTest;
import com.vobizrouter.testsupport.WebhookClient;
import com.vobizrouter.testsupport.WithFakeBusinessSystems;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;

/**
 * {@code GET /admin/sinks}: Salesforce and Zendesk (both fakes) with their state, their limit,
 * this instance's API calls a minute and the events waiting for each of them.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@RouterTest({
    "router.webhook.secrets=whsec_sinks",
    "router.admin.token=" + SinkOverviewTest.TOKEN,
    "spring.datasource.url=jdbc:h2:mem:sinks;DB_CLOSE_DELAY=-1",
    "router.dispatch.poll-interval=50",
    "router.sinks.salesforce.rate-limit=120",
    "router.sinks.salesforce.batch-linger=100ms",
    "router.sinks.zendesk.rate-limit=600",
    "logging.level.com.vobizrouter=ERROR"
})
@WithFakeBusinessSystems
class SinkOverviewTest {

    static final String TOKEN = "sinks-token-for-tests";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @LocalManagementPort
    int managementPort;

    @Autowired
    JdbcTemplate jdbc;

    @BeforeEach
    void answerAsUsual(FakeBusinessSystems fakes) {
        fakes.standardAnswers();
    }

    @Test
    void answersOnlyWithTheAdminTokenAndIsDescribedInTheOpenApiDocument() throws Exception {
        assertThat(send("/admin/sinks", null).statusCode()).isEqualTo(401);
        assertThat(send("/admin/sinks", "Bearer not-" + TOKEN).statusCode()).isEqualTo(401);
        assertThat(send("/admin/sinks", "Bearer " + TOKEN).statusCode()).isEqualTo(200);
        JsonNode openApi = JSON.readTree(send("/admin/openapi.json", "Bearer " + TOKEN).body());
        assertThat(openApi.at("/paths/~1admin~1sinks/get/summary").asText()).contains("calls a minute");
        assertThat(openApi.at("/components/schemas/Sink/properties").fieldNames()).toIterable()
                .containsExactlyInAnyOrder("name", "state", "detail", "since", "paused_until", "pause_reason", "limit_per_minute",
                        "calls_per_minute", "backlog");
    }

    @Test
    void countsTheCallsOfDeliveriesInTheCurrentMinuteAndShowsEachSinkUpWithItsLimit(WebhookClient vobiz) throws Exception {
        long firstMinute = minute(Instant.now());
        JsonNode before = sinks();
        int salesforceBefore = callsSince(before, "salesforce", firstMinute);
        int zendeskBefore = callsSince(before, "zendesk", firstMinute);

        String contact = event("contact.updated", "{\"contact\":{\"id\":\"cnt_" + UUID.randomUUID() + "\",\"name\":\"Ada Lovelace\"}}");
        String message = messageFromANewContact();
        vobiz.post(contact);
        vobiz.post(message);
        await().atMost(Duration.ofSeconds(15)).until(() -> "DONE".equals(status(contact)) && "DONE".equals(status(message)));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode after = sinks();
            assertThat(callsSince(after, "salesforce", firstMinute)).as("the Contact upsert").isGreaterThan(salesforceBefore);
            assertThat(callsSince(after, "zendesk", firstMinute)).as("the requester and the ticket").isGreaterThanOrEqualTo(zendeskBefore + 2);
            assertThat(sink(after, "salesforce").get("state").asText()).isEqualTo("up");
            assertThat(sink(after, "zendesk").get("state").asText()).isEqualTo("up");
            assertThat(sink(after, "zendesk").get("since").asText()).isNotBlank();
        });
        JsonNode view = sinks();
        assertThat(view.get("minutes").asInt()).isEqualTo(15);
        assertThat(view.get("sinks").findValuesAsText("name")).as("every destination by name, built-in ones first")
                .containsExactly("salesforce", "zendesk", "analytics", "messagestatus", "campaignresult");
        assertThat(sink(view, "salesforce").get("limit_per_minute").asInt()).isEqualTo(120);
        assertThat(sink(view, "zendesk").get("limit_per_minute").asInt()).isEqualTo(600);
        assertThat(sink(view, "salesforce").get("calls_per_minute")).hasSize(15);
        assertThat(sink(view, "zendesk").has("paused_until")).isFalse();
        assertThat(view.get("pending").asLong()).isGreaterThanOrEqualTo(sink(view, "zendesk").get("backlog").asLong());
    }

    @Test
    void showsAPausedSinkWithUntilWhenAndWhyAndTheEventsWaitingForIt(WebhookClient vobiz, FakeBusinessSystems fakes) throws Exception {
        fakes.server().stubFor(post(urlPathEqualTo("/api/v2/users/create_or_update.json")).atPriority(1)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "120").withBody("{\"error\":\"APIRateLimitExceeded\"}")));
        String message = messageFromANewContact();
        Instant sent = Instant.now();
        vobiz.post(message);
        try {
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                JsonNode view = sinks();
                JsonNode zendesk = sink(view, "zendesk");
                assertThat(zendesk.get("state").asText()).isEqualTo("paused");
                assertThat(Instant.parse(zendesk.get("paused_until").asText())).isAfter(sent.plusSeconds(60));
                assertThat(zendesk.get("pause_reason").asText()).contains("429");
                assertThat(zendesk.get("backlog").asLong()).isGreaterThanOrEqualTo(1);
                assertThat(sink(view, "salesforce").get("backlog").asLong()).isZero();
                assertThat(view.get("pending").asLong()).isGreaterThanOrEqualTo(zendesk.get("backlog").asLong());
            });
        } finally {
            // Zendesk takes calls again and the pause is lifted by hand, as an operator would.
            fakes.standardAnswers();
            jdbc.update("UPDATE sink_budget SET paused_until = 0 WHERE sink = 'zendesk'");
        }
        // Once this instance has read the lifted pause (within a second), the waiting event is made due.
        await().atMost(Duration.ofSeconds(5)).until(() -> !sink(sinks(), "zendesk").has("paused_until"));
        jdbc.update("UPDATE inbox_event SET next_attempt_at = CURRENT_TIMESTAMP WHERE status = 'PENDING'");
        await().atMost(Duration.ofSeconds(15)).until(() -> "DONE".equals(status(message)));
        assertThat(sink(sinks(), "zendesk").get("backlog").asLong()).isZero();
    }

    /** The calls of a sink from {@code firstMinute} (epoch minute) to the current minute: the last entries of calls_per_minute. */
    private static int callsSince(JsonNode view, String name, long firstMinute) {
        JsonNode calls = sink(view, name).get("calls_per_minute");
        int minutes = (int) (minute(Instant.parse(view.get("at").asText())) - firstMinute + 1);
        int sum = 0;
        for (int i = Math.max(0, calls.size() - minutes); i < calls.size(); i++) {
            sum += calls.get(i).asInt();
        }
        return sum;
    }

    private static long minute(Instant at) {
        return at.getEpochSecond() / 60;
    }

    private static JsonNode sink(JsonNode view, String name) {
        for (JsonNode sink : view.get("sinks")) {
            if (sink.get("name").asText().equals(name)) {
                return sink;
            }
        }
        throw new AssertionError("no sink " + name + " in " + view);
    }

    private JsonNode sinks() throws Exception {
        HttpResponse<String> response = send("/admin/sinks", "Bearer " + TOKEN);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private HttpResponse<String> send(String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + path));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A WhatsApp message of a contact the router has no Zendesk user for: its first Zendesk call makes the requester. */
    private static String messageFromANewContact() {
        return event("message.received", "{\"message_id\":\"wamid." + UUID.randomUUID() + "\",\"from\":\"+1234567890\",\"contact\":{\"id\":\"cnt_"
                + UUID.randomUUID() + "\",\"name\":\"John Doe\"},\"type\":\"text\",\"text\":{\"body\":\"hi\"}}");
    }

    private static String event(String type, String data) {
        return "{\"event\":\"" + type + "\",\"event_id\":\"evt_" + UUID.randomUUID() + "\",\"data\":" + data + "}";
    }

    private String status(String json) throws Exception {
        String eventId = JSON.readTree(json).get("event_id").asText();
        return jdbc.queryForList("SELECT status FROM inbox_event WHERE event_id = ?", String.class, "vobiz:" + eventId).stream().findFirst().orElse(null);
    }
}
