package com.vobizrouter.admin;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.vobizrouter.testsupport.FakeBusinessSystems;
import com.vobizrouter.testsupport.RouterTest;
import com.vobizrouter.testsupport.Signatures;
import com.vobizrouter.testsupport.WebhookClient;
import com.vobizrouter.testsupport.WithFakeBusinessSystems;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.web.method.annotation.HandlerMethodValidator;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter;

/**
 * What operations see and steer on the management port: the admin API (its token, events, dead
 * letters, replay of one and of many, rejected requests, its OpenAPI description), the metrics
 * after a known sequence of requests, readiness with the inbox backlog and each sink's state,
 * and logs without phone numbers. Salesforce is a fake; Zendesk has no credentials (parked).
 */
@AutoConfigureObservability
@ExtendWith(OutputCaptureExtension.class)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@RouterTest({
    "router.webhook.secrets=" + OperationsTest.SECRET,
    "router.admin.token=" + OperationsTest.TOKEN,
    // Its tests send many wrong tokens on purpose; the slow-down of failed logins is AdminAnswersTest's.
    "router.admin.failed-logins-per-minute=1000",
    "spring.datasource.url=jdbc:h2:mem:operations;DB_CLOSE_DELAY=-1",
    "router.dispatch.poll-interval=50",
    "router.dispatch.initial-backoff=100ms",
    "router.dispatch.max-backoff=200ms",
    "router.dispatch.max-attempts=2",
    // Each contact update is sent once its batch has waited this long: not the shipped 2 s per test.
    "router.sinks.salesforce.batch-linger=100ms",
    "router.health.backlog-max-size=2",
    "router.admin.rejections-max=3",
    "logging.level.com.vobizrouter.intake=INFO"
})
@WithFakeBusinessSystems(zendesk = false)
class OperationsTest {

    static final String SECRET = "whsec_operations";
    static final String TOKEN = "admin-token-for-tests";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    RequestMappingHandlerAdapter handlerAdapter;

    @Autowired
    org.apache.camel.ProducerTemplate camel;

    // Set for each test by @WithFakeBusinessSystems and @RouterTest.
    FakeBusinessSystems fakes;

    WebhookClient vobiz;

    @BeforeEach
    void standardAnswers() {
        fakes.standardAnswers();
    }

    @Test
    void refusesTheAdminApiWithoutOrWithAWrongTokenAndServesItWithTheRightOne() throws Exception {
        assertThat(admin("GET", "/admin/events", null, null).statusCode()).isEqualTo(401);
        assertThat(admin("GET", "/admin/events", "Bearer wrong-token", null).statusCode()).isEqualTo(401);
        assertThat(admin("GET", "/admin/events", "Basic " + TOKEN, null).statusCode()).isEqualTo(401);
        assertThat(admin("POST", "/admin/replay", null, "{}").statusCode()).isEqualTo(401);
        assertThat(admin("GET", "/admin/events", "Bearer " + TOKEN, null).statusCode()).isEqualTo(200);
        assertThat(admin("GET", "/admin/events", "Bearer " + TOKEN, null).headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
    }

    @Test
    void answersEveryAdminPathWith401WithoutTheRightTokenEvenOnesThatDoNotExist() throws Exception {
        String sameLength = "admin-token-for-testz";
        assertThat(sameLength).hasSameSizeAs(TOKEN);
        String[][] calls = {{"GET", "/admin"}, {"GET", "/admin/"}, {"GET", "/admin/no-such-thing"}, {"POST", "/admin/events"},
            {"DELETE", "/admin/dead-letters/1"}, {"POST", "/admin/dead-letters/not-a-number/replay"}, {"GET", "/admin/openapi.json"},
            {"GET", "/admin/sources"},
            {"GET", "/admin/demo"}, {"GET", "/admin/%65vents"}, {"GET", "/console/../admin/events"}};
        for (String[] call : calls) {
            for (String authorization : new String[] {null, "Bearer " + sameLength}) {
                HttpResponse<String> response = admin(call[0], call[1], authorization, null);
                assertThat(response.statusCode()).as(call[0] + " " + call[1] + " with " + authorization).isEqualTo(401);
                assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
                assertThat(response.body()).isEqualTo("{\"error\":\"missing or wrong bearer token\"}");
            }
        }
        assertThat(admin("GET", "/admin/no-such-thing", "Bearer " + TOKEN, null).statusCode()).as("right token, unknown path")
                .isEqualTo(404);
    }

    @Test
    void servesTheConsolePageWithoutAToken() throws Exception {
        HttpResponse<String> console = admin("GET", "/console", null, null);
        assertThat(console.statusCode()).isEqualTo(200);
        assertThat(console.body()).contains("delivery console");
    }

    @Test
    void isNotOnTheWebhookPort() throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/admin/events"))
                .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(404);
    }

    @Test
    void listsEventsByTypeAndStatusAndShowsOneWithItsRawJson() throws Exception {
        String id = "evt_" + UUID.randomUUID();
        String json = WebhookClient.event("message.delivered", id);
        vobiz.post(json);
        await().atMost(Duration.ofSeconds(10)).until(() -> "DONE".equals(status(id)));

        JsonNode listed = get("/admin/events?type=message.delivered&status=done&limit=500").get("events");
        assertThat(listed.findValuesAsText("event_id")).as("the router's id").contains("vobiz:" + id);
        assertThat(listed.get(0).get("received_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        assertThat(get("/admin/events?type=message.read").get("events").findValuesAsText("event_id")).doesNotContain("vobiz:" + id);
        assertThat(admin("GET", "/admin/events?from=yesterday", "Bearer " + TOKEN, null).statusCode()).isEqualTo(400);

        JsonNode one = get("/admin/events/" + id);
        assertThat(one.get("event_id").asText()).as("found by the id Vobiz gave").isEqualTo("vobiz:" + id);
        assertThat(get("/admin/events/vobiz:" + id)).as("and by the router's id").isEqualTo(one);
        assertThat(one.get("status").asText()).isEqualTo("DONE");
        assertThat(one.get("payload").asText()).isEqualTo(json);
        assertThat(one.get("dead_letters")).isEmpty();
        assertThat(one.get("failed_attempts")).isEmpty();
        assertThat(one.get("dispatched_at").asText()).isNotBlank();
        assertThat(admin("GET", "/admin/events/evt_missing", "Bearer " + TOKEN, null).statusCode()).isEqualTo(404);
    }

    @Test
    void listsItsOneSourceAndFiltersDeadLettersByTheSourceOfTheirEvent() throws Exception {
        assertThat(get("/admin/sources")).isEqualTo(JSON.readTree(
                "{\"sources\":[{\"name\":\"vobiz\",\"path\":\"/webhooks/vobiz\",\"profile\":\"vobiz-legacy\"}]}"));
        String id = "evt_" + UUID.randomUUID();
        // A read status without message_id cannot be mapped: it becomes a dead letter at once.
        vobiz.post("{\"event\":\"message.read\",\"event_id\":\"" + id + "\",\"data\":{}}");
        await().atMost(Duration.ofSeconds(10)).until(() -> "DEAD".equals(status(id)));

        JsonNode dead = get("/admin/dead-letters?source=vobiz&limit=1000").get("dead_letters");
        assertThat(dead.findValuesAsText("event_id")).contains("vobiz:" + id);
        assertThat(dead.findValuesAsText("source")).containsOnly("vobiz");
        assertThat(get("/admin/dead-letters?source=messaging").get("dead_letters")).isEmpty();

        String purged = "evt_purged_" + UUID.randomUUID();
        jdbc.update("INSERT INTO dead_letter (event_id, event_type, sink, reason, attempts, created_at) "
                + "VALUES (?, 'message.read', 'database', 'mapping', 1, CURRENT_TIMESTAMP)", purged);
        assertThat(get("/admin/dead-letters?limit=1000").get("dead_letters")).filteredOn(letter -> letter.get("event_id").asText()
                .equals(purged)).singleElement().satisfies(letter -> assertThat(letter.get("source").isNull())
                        .as("a dead letter whose event was purged has no source").isTrue());
        assertThat(get("/admin/dead-letters?source=vobiz&limit=1000").get("dead_letters").findValuesAsText("event_id"))
                .doesNotContain(purged);
    }

    @Test
    void replaysADeadLetterThroughTheSameSinkAndItIsDeliveredOnce() throws Exception {
        fakes.server().stubFor(any(urlPathEqualTo(FakeBusinessSystems.CONTACT_COLLECTION)).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json").withBody("[{\"errorCode\":\"INVALID_FIELD\",\"message\":\"bad field\"}]")));
        String id = "evt_" + UUID.randomUUID();
        vobiz.post("{\"event\":\"contact.updated\",\"event_id\":\"" + id + "\",\"data\":{\"contact\":{\"id\":\"cnt_replay\",\"name\":\"Re Play\"}}}");
        await().atMost(Duration.ofSeconds(10)).until(() -> "DEAD".equals(status(id)));

        JsonNode dead = get("/admin/dead-letters?sink=salesforce&limit=1000").get("dead_letters");
        JsonNode letter = null;
        for (JsonNode each : dead) {
            if (each.get("event_id").asText().equals("vobiz:" + id)) {
                letter = each;
            }
        }
        assertThat(letter).isNotNull();
        assertThat(letter.get("reason").asText()).contains("Salesforce answered 400");
        assertThat(letter.get("sink_response").asText()).contains("INVALID_FIELD");
        assertThat(get("/admin/events/" + id).get("dead_letters")).hasSize(1);

        fakes.standardAnswers();
        HttpResponse<String> replayed = admin("POST", "/admin/dead-letters/" + letter.get("id").asLong() + "/replay", "Bearer " + TOKEN, null);
        assertThat(replayed.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(replayed.body()).get("event_id").asText()).isEqualTo("vobiz:" + id);
        await().atMost(Duration.ofSeconds(10)).until(() -> "DONE".equals(status(id)));
        assertThat(fakes.contactRecords()).hasSize(1);
        assertThat(get("/admin/events/" + id).get("dead_letters").get(0).get("replayed_at").isNull()).isFalse();
        assertThat(admin("POST", "/admin/dead-letters/999999/replay", "Bearer " + TOKEN, null).statusCode()).isEqualTo(404);
    }

    @Test
    void countsThenReplaysManyDeadLettersByFilter() throws Exception {
        fakes.server().stubFor(any(urlPathEqualTo(FakeBusinessSystems.CONTACT_COLLECTION)).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json").withBody("[{\"errorCode\":\"INVALID_FIELD\",\"message\":\"bad field\"}]")));
        String first = "evt_" + UUID.randomUUID();
        String second = "evt_" + UUID.randomUUID();
        for (String id : new String[] {first, second}) {
            vobiz.post("{\"event\":\"contact.updated\",\"event_id\":\"" + id + "\",\"data\":{\"contact\":{\"id\":\"c_" + id + "\",\"name\":\"A B\"}}}");
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> "DEAD".equals(status(first)) && "DEAD".equals(status(second)));
        String from = java.time.Instant.now().minusSeconds(60).toString();

        JsonNode counted = JSON.readTree(admin("POST", "/admin/replay", "Bearer " + TOKEN,
                "{\"sink\":\"salesforce\",\"type\":\"contact.updated\",\"from\":\"" + from + "\",\"dryRun\":true}").body());
        assertThat(counted.get("matched").asInt()).isGreaterThanOrEqualTo(2);
        assertThat(counted.get("replayed").asInt()).isZero();
        assertThat(status(first)).isEqualTo("DEAD");

        fakes.standardAnswers();
        JsonNode replayed = JSON.readTree(admin("POST", "/admin/replay", "Bearer " + TOKEN,
                "{\"sink\":\"salesforce\",\"type\":\"contact.updated\",\"from\":\"" + from + "\"}").body());
        assertThat(replayed.get("replayed").asInt()).isEqualTo(counted.get("matched").asInt());
        await().atMost(Duration.ofSeconds(10)).until(() -> "DONE".equals(status(first)) && "DONE".equals(status(second)));
        assertThat(JSON.readTree(admin("POST", "/admin/replay", "Bearer " + TOKEN,
                "{\"sink\":\"salesforce\",\"from\":\"" + from + "\",\"dryRun\":true}").body()).get("matched").asInt())
                .as("replayed dead letters are not matched again").isZero();
    }

    @Test
    void recordsRejectedRequestsWithReasonSourceAndMaskedFirstBytesAndKeepsPhonesOutOfTheLogs(CapturedOutput output) throws Exception {
        byte[] body = ("{\"event\":\"message.received\",\"event_id\":\"evt_" + UUID.randomUUID()
                + "\",\"data\":{\"from\":\"+919812345678\",\"text\":{\"body\":\"my number is 98123 45678\"}}}").getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> refused = vobiz.send(vobiz.request(body, "application/json")
                .header("X-Vobiz-Signature", Signatures.hex("whsec_wrong", body)));
        assertThat(refused.statusCode()).isEqualTo(401);

        // Recorded behind the answer, by the rejection log's writer.
        await().atMost(Duration.ofSeconds(10)).until(() -> get("/admin/rejections?reason=bad_signature&limit=1").get("rejections").size() == 1);
        JsonNode rejection = get("/admin/rejections?reason=bad_signature&limit=1").get("rejections").get(0);
        assertThat(rejection.get("status").asInt()).isEqualTo(401);
        assertThat(rejection.get("source_ip").asText()).isEqualTo("127.0.0.1");
        assertThat(rejection.get("detail").asText()).isEqualTo("invalid signature");
        assertThat(rejection.get("body_start").asText()).startsWith("{\"event\":\"message.received\"").contains("**********78")
                .doesNotContain("9812345678").doesNotContain("98123 45678");
        assertThat(output.getAll()).contains("webhook rejected status=401 reason=bad_signature")
                .doesNotContain("9812345678").doesNotContain(SECRET).doesNotContain(TOKEN);
    }

    @Test
    void keepsTheRejectionLogBoundedByAgeAndCount() throws Exception {
        jdbc.update("INSERT INTO rejected_request (received_at, source_ip, status, reason) VALUES (?, '192.0.2.1', 401, 'bad_signature')",
                java.sql.Timestamp.from(java.time.Instant.now().minus(Duration.ofDays(8))));
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < 5; i++) {
            vobiz.send(vobiz.request(body, "text/plain"));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForObject(
                "SELECT COUNT(*) FROM rejected_request WHERE reason = 'unsupported_media_type'", Long.class) == 3);

        camel.sendBody("direct:purge-rejections", null);

        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM rejected_request WHERE source_ip = '192.0.2.1'", Long.class))
                .as("older than the retention").isZero();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM rejected_request", Long.class)).as("rejections-max").isEqualTo(3);
        assertThat(get("/admin/rejections?reason=unsupported_media_type").get("rejections")).hasSize(3);
    }

    @Test
    void countsEveryOutcomeInPrometheus() throws Exception {
        double accepted = metric("vobiz_webhooks_total", "outcome=\"accepted\",reason=\"none\",type=\"message.read\"");
        double duplicate = metric("vobiz_webhooks_total", "outcome=\"duplicate\",reason=\"none\",type=\"message.read\"");
        double badSignature = metric("vobiz_webhooks_total", "outcome=\"rejected\",reason=\"bad_signature\",type=\"none\"");
        String id = "evt_" + UUID.randomUUID();
        vobiz.post(WebhookClient.event("message.read", id));
        vobiz.post(WebhookClient.event("message.read", "evt_" + UUID.randomUUID()));
        vobiz.post(WebhookClient.event("message.read", id));
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        vobiz.send(vobiz.request(body, "application/json").header("X-Vobiz-Signature", Signatures.hex("nope", body)));

        assertThat(metric("vobiz_webhooks_total", "outcome=\"accepted\",reason=\"none\",type=\"message.read\"")).isEqualTo(accepted + 2);
        assertThat(metric("vobiz_webhooks_total", "outcome=\"duplicate\",reason=\"none\",type=\"message.read\"")).isEqualTo(duplicate + 1);
        assertThat(metric("vobiz_webhooks_total", "outcome=\"rejected\",reason=\"bad_signature\",type=\"none\"")).isEqualTo(badSignature + 1);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(metric("vobiz_dispatch_total", "outcome=\"success\",sink=\"messagestatus\"")).isPositive();
            assertThat(metric("vobiz_dispatch_latency_seconds_count", "type=\"message.read\"")).isPositive();
        });
        String scrape = prometheus();
        assertThat(scrape).contains("vobiz_inbox_backlog").contains("vobiz_inbox_oldest_age_seconds");
        assertThat(scrape).as("Camel's exchange timings are off: each route an event passes would time it again").doesNotContain("camel_exchanges");
    }

    @Test
    void timesEveryWebhookAnswerItselfAndLeavesTheWebhookPathOutOfSpringsHttpMetrics() throws Exception {
        double accepted = metric("vobiz_webhooks_latency_seconds_count", "outcome=\"accepted\",source=\"vobiz\"");
        double rejected = metric("vobiz_webhooks_latency_seconds_count", "outcome=\"rejected\",source=\"vobiz\"");
        double httpRequests = httpServerRequestsOutsideTheActuator();
        vobiz.post(WebhookClient.event("message.read", "evt_" + UUID.randomUUID()));
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        vobiz.send(vobiz.request(body, "application/json").header("X-Vobiz-Signature", Signatures.hex("nope", body)));

        assertThat(metric("vobiz_webhooks_latency_seconds_count", "outcome=\"accepted\",source=\"vobiz\"")).isEqualTo(accepted + 1);
        assertThat(metric("vobiz_webhooks_latency_seconds_count", "outcome=\"rejected\",source=\"vobiz\"")).isEqualTo(rejected + 1);
        assertThat(prometheus()).contains("vobiz_webhooks_latency_seconds_bucket{outcome=\"accepted\",source=\"vobiz\",le=\"0.025\"}");
        assertThat(httpServerRequestsOutsideTheActuator()).as("http_server_requests after two webhooks").isEqualTo(httpRequests);
    }

    @Test
    void springMvcBuildsNoMethodValidatorSoNoWebhookIsSearchedForValidationAnnotations() {
        // Spring MVC's own test: with a method validator, every request looks for @Validated on the handler method.
        assertThat(HandlerMethodValidator.from(handlerAdapter.getWebBindingInitializer(), null, parameter -> false, parameter -> false))
                .isNull();
    }

    private double httpServerRequestsOutsideTheActuator() throws Exception {
        return prometheus().lines().filter(line -> line.startsWith("http_server_requests_seconds_count{") && !line.contains("/actuator"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    @Test
    void readinessShowsTheParkedSinkAndTurnsDegradedWhenTheBacklogGrows() throws Exception {
        for (int i = 0; i < 3; i++) {
            vobiz.post("{\"event\":\"message.received\",\"event_id\":\"evt_" + UUID.randomUUID() + "\",\"data\":{\"message_id\":\"wamid.x" + i
                    + "\",\"contact\":{\"id\":\"cnt_1\"}}}");
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            HttpResponse<String> readiness = admin("GET", "/actuator/health/readiness", null, null);
            assertThat(readiness.statusCode()).as("degraded still answers 200").isEqualTo(200);
            JsonNode health = JSON.readTree(readiness.body());
            assertThat(health.get("status").asText()).isEqualTo("DEGRADED");
            assertThat(health.at("/components/inbox/status").asText()).isEqualTo("DEGRADED");
            assertThat(health.at("/components/inbox/details/waiting").asInt()).isGreaterThanOrEqualTo(3);
            assertThat(health.at("/components/db/status").asText()).isEqualTo("UP");
            assertThat(health.at("/components/sinks/details/zendesk/state").asText()).isEqualTo("parked");
            assertThat(health.at("/components/sinks/details/salesforce/state").asText()).isNotEqualTo("parked");
        });
        assertThat(admin("GET", "/actuator/health/liveness", null, null).statusCode()).isEqualTo(200);
    }

    @Test
    void reportsASinkAsFailingWithItsLastError() throws Exception {
        fakes.server().stubFor(any(urlPathEqualTo(FakeBusinessSystems.CONTACT_COLLECTION)).willReturn(aResponse().withStatus(503)
                .withBody("[{\"errorCode\":\"SERVER_UNAVAILABLE\",\"message\":\"maintenance\"}]")));
        String id = "evt_" + UUID.randomUUID();
        vobiz.post("{\"event\":\"contact.updated\",\"event_id\":\"" + id + "\",\"data\":{\"contact\":{\"id\":\"cnt_down\",\"name\":\"D N\"}}}");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode health = JSON.readTree(admin("GET", "/actuator/health", null, null).body());
            assertThat(health.at("/components/sinks/details/salesforce/state").asText()).isEqualTo("failing");
            assertThat(health.at("/components/sinks/details/salesforce/detail").asText()).contains("503");
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> "DEAD".equals(status(id)));
        JsonNode event = get("/admin/events/" + id);
        assertThat(event.get("dead_letters").get(0).get("reason").asText()).contains("gave up after 2 attempts");
        assertThat(event.get("failed_attempts")).hasSize(2);
        assertThat(event.at("/failed_attempts/0/outcome").asText()).isEqualTo("retry");
        assertThat(event.at("/failed_attempts/0/sink").asText()).isEqualTo("salesforce");
        assertThat(event.at("/failed_attempts/0/reason").asText()).contains("503");
        assertThat(event.at("/failed_attempts/1/outcome").asText()).isEqualTo("dead");
    }

    private String status(String eventId) {
        return jdbc.queryForList("SELECT status FROM inbox_event WHERE event_id = ?", String.class, "vobiz:" + eventId).stream().findFirst()
                .orElse(null);
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> response = admin("GET", path, "Bearer " + TOKEN, null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private HttpResponse<String> admin(String method, String path, String authorization, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String prometheus() throws Exception {
        return admin("GET", "/actuator/prometheus", null, null).body();
    }

    private double metric(String name, String labels) throws Exception {
        Matcher matcher = Pattern.compile("^" + Pattern.quote(name) + "\\{([^}]*)\\} (\\S+)$", Pattern.MULTILINE).matcher(prometheus());
        double sum = 0;
        while (matcher.find()) {
            boolean all = true;
            for (String label : labels.split(",")) {
                all &= matcher.group(1).contains(label);
            }
            if (all) {
                sum += Double.parseDouble(matcher.group(2));
            }
        }
        return sum;
    }
}
