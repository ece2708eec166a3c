package com.vobizrouter.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.vobizrouter.testsupport.FreshTimes;
import com.vobizrouter.inbox.EventIds;
import com.vobizrouter.testsupport.RouterTest;
import com.vobizrouter.testsupport.Signatures;
import com.vobizrouter.testsupport.WebhookClient;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.apache.camel.CamelContext;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Every row of the intake answer table, over real HTTP against the real routes and a real
 * database with the Flyway schema: status, JSON body, and what was (or was not) stored.
 * Subclasses choose the database. The router here sits behind a trusted proxy (127.0.0.1) and
 * only 203.0.113.0/24 and 2001:db8::/32 may send, so the client states its address in
 * X-Forwarded-For like a load balancer would.
 */
@RouterTest({
    "router.webhook.secrets=" + IntakeContractTest.CURRENT_SECRET + "," + IntakeContractTest.PREVIOUS_SECRET,
    "router.webhook.allowed-cidrs=203.0.113.0/24,2001:db8::/32",
    "router.webhook.trusted-proxies=127.0.0.1/32,::1/128",
    "router.webhook.max-body-bytes=" + IntakeContractTest.MAX_BODY,
    "router.events.enabled=message.received,message.sent,message.delivered,message.read,message.failed,contact.updated",
    "logging.level.com.vobizrouter.intake=ERROR"
})
abstract class IntakeContractTest {

    static final String CURRENT_SECRET = "whsec_contract_current";
    static final String PREVIOUS_SECRET = "whsec_contract_previous";
    static final int MAX_BODY = 16384;
    static final String CLIENT = "203.0.113.10";

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ProducerTemplate camel;

    // Set for each test by @RouterTest.
    WebhookClient vobiz;

    @Autowired
    CamelContext camelContext;

    @BeforeEach
    void behindTheTrustedProxy() {
        vobiz.withDefaultHeader("X-Forwarded-For", CLIENT);
    }

    /** What intake stored stays as it stored it: no dispatcher takes a row to DONE under the test's eyes. */
    @BeforeEach
    void withoutDispatch() throws Exception {
        camelContext.getRouteController().stopRoute("inbox-poller");
    }

    // --- 405 -----------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"GET", "PUT", "DELETE", "PATCH", "OPTIONS"})
    void answersEveryMethodButPostWith405(String method) {
        HttpResponse<String> response = vobiz.send(vobiz.method(method));
        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.headers().firstValue("Allow")).hasValue("POST");
        assertThat(response.body()).isEqualTo("{\"error\":\"method not allowed, use POST\"}");
    }

    // --- 403 -----------------------------------------------------------------------------------

    @Test
    void answersASourceOutsideTheAllowlistWith403AndStoresNothing() {
        String id = newId();
        byte[] body = WebhookClient.event("message.read", id).getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> response = vobiz.send(vobiz.request(body, "application/json")
                .setHeader("X-Forwarded-For", "198.51.100.7").header("X-Vobiz-Signature", vobiz.sign(body)));
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).isEqualTo("{\"error\":\"source address not allowed\"}");
        assertNothingStored(id);
    }

    @Test
    void believesForwardedForOnlyFromTheTrustedProxyNotWhatTheClientWroteBeforeIt() {
        byte[] body = WebhookClient.event("message.read", newId()).getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> spoofed = vobiz.send(vobiz.request(body, "application/json")
                .setHeader("X-Forwarded-For", "203.0.113.99, 198.51.100.7").header("X-Vobiz-Signature", vobiz.sign(body)));
        assertThat(spoofed.statusCode()).isEqualTo(403);
    }

    @Test
    void answersTheProxyItselfWith403WhenItForwardsNoClientAddress() {
        byte[] body = WebhookClient.event("message.read", newId()).getBytes(StandardCharsets.UTF_8);
        WebhookClient direct = new WebhookClient(port, "/webhooks/vobiz", CURRENT_SECRET);
        HttpResponse<String> response = direct.send(direct.request(body, "application/json").header("X-Vobiz-Signature", direct.sign(body)));
        assertThat(response.statusCode()).isEqualTo(403);
    }

    @Test
    void acceptsAnAllowedIpv6Source() {
        String id = newId();
        byte[] body = WebhookClient.event("message.read", id).getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> response = vobiz.send(vobiz.request(body, "application/json")
                .setHeader("X-Forwarded-For", "2001:db8::42").header("X-Vobiz-Signature", vobiz.sign(body)));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"status\":\"accepted\",\"event_id\":\"" + id + "\"}");
    }

    // --- 413 -----------------------------------------------------------------------------------

    @Test
    void answersADeclaredOversizedBodyWith413AndStoresNothing() {
        String id = newId();
        byte[] body = padded(id, MAX_BODY + 1);
        HttpResponse<String> response = vobiz.send(vobiz.request(body, "application/json").header("X-Vobiz-Signature", vobiz.sign(body)));
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.body()).isEqualTo("{\"error\":\"body too large\"}");
        assertNothingStored(id);
    }

    @Test
    void answersAStreamedOversizedBodyWith413() {
        String id = newId();
        byte[] body = padded(id, MAX_BODY * 4);
        HttpResponse<String> response = vobiz.send(vobiz.streamedRequest(body, "application/json")
                .header("X-Vobiz-Signature", vobiz.sign(body)));
        assertThat(response.statusCode()).isEqualTo(413);
        assertNothingStored(id);
    }

    @Test
    void acceptsABodyOfExactlyTheLimitEvenWhenStreamed() {
        String id = newId();
        byte[] body = padded(id, MAX_BODY);
        HttpResponse<String> response = vobiz.send(vobiz.streamedRequest(body, "application/json")
                .header("X-Vobiz-Signature", vobiz.sign(body)));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(inboxStatus(id)).isEqualTo("PENDING");
    }

    // --- 415 -----------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"text/plain", "application/x-www-form-urlencoded", "application/xml", "text/json-seq"})
    void answersANonJsonContentTypeWith415EvenWhenSignedCorrectly(String contentType) {
        String id = newId();
        byte[] body = WebhookClient.event("message.read", id).getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> response = vobiz.send(vobiz.request(body, contentType).header("X-Vobiz-Signature", vobiz.sign(body)));
        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(response.body()).isEqualTo("{\"error\":\"content type must be application/json\"}");
        assertNothingStored(id);
    }

    @Test
    void answersAMissingContentTypeWith415() {
        byte[] body = WebhookClient.event("message.read", newId()).getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> response = vobiz.send(vobiz.request(body, null).header("X-Vobiz-Signature", vobiz.sign(body)));
        assertThat(response.statusCode()).isEqualTo(415);
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/json; charset=utf-8", "application/json;charset=ISO-8859-1", "application/vnd.vobiz+json"})
    void acceptsJsonWithAnyCharsetParameterOrAPlusJsonType(String contentType) {
        String id = newId();
        byte[] body = WebhookClient.event("message.read", id).getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> response = vobiz.send(vobiz.request(body, contentType).header("X-Vobiz-Signature", vobiz.sign(body)));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(inboxStatus(id)).isEqualTo("PENDING");
    }

    // --- 401 -----------------------------------------------------------------------------------

    @Test
    void answersAMissingSignatureWith401AndStoresNothing() {
        String id = newId();
        byte[] body = WebhookClient.event("message.read", id).getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> response = vobiz.send(vobiz.request(body, "application/json"));
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).isEqualTo("{\"error\":\"missing signature\"}");
        assertNothingStored(id);
    }

    @Test
    void answersASignatureFromAnotherSecretWith401WithoutEchoingIt() {
        String id = newId();
        byte[] body = WebhookClient.event("message.read", id).getBytes(StandardCharsets.UTF_8);
        String wrong = Signatures.hex("whsec_attacker", body);
        HttpResponse<String> response = vobiz.send(vobiz.request(body, "application/json").header("X-Vobiz-Signature", wrong));
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).isEqualTo("{\"error\":\"invalid signature\"}");
        assertThat(response.headers().map().toString()).doesNotContain(wrong);
        assertNothingStored(id);
    }

    @Test
    void answersASignatureOfOtherBytesWith401() {
        byte[] body = WebhookClient.event("message.read", newId()).getBytes(StandardCharsets.UTF_8);
        byte[] tampered = new String(body, StandardCharsets.UTF_8).replace("read", "sent").getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> response = vobiz.send(vobiz.request(tampered, "application/json").header("X-Vobiz-Signature", vobiz.sign(body)));
        assertThat(response.statusCode()).isEqualTo(401);
    }

    @Test
    void acceptsTheSecretBeingRotatedOutInBase64WithPrefixAndLowercaseHeaderName() {
        String id = newId();
        byte[] body = WebhookClient.event("message.read", id).getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> response = vobiz.send(vobiz.request(body, "application/json")
                .header("x-vobiz-signature", "sha256=" + Signatures.base64(PREVIOUS_SECRET, body)));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().map().keySet()).noneMatch(name -> name.equalsIgnoreCase("x-vobiz-signature"));
    }

    @Test
    void verifiesTheExactBytesOfHindiEmojiBomAndCrlfBodies() {
        String id = newId();
        String json = "{\r\n\"event\":\"message.received\",\"event_id\":\"" + id + "\",\r\n"
                + "\"data\":{\"from\":\"+919812345678\",\"text\":{\"body\":\"नमस्ते, ऑर्डर कहाँ है? 📦🙏\"}}}\r\n";
        byte[] utf8 = json.getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[utf8.length + 3];
        body[0] = (byte) 0xEF;
        body[1] = (byte) 0xBB;
        body[2] = (byte) 0xBF;
        System.arraycopy(utf8, 0, body, 3, utf8.length);

        HttpResponse<String> response = vobiz.post(body);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(jdbc.queryForObject("SELECT payload FROM inbox_event WHERE event_id = ?", String.class, stored(id))).isEqualTo(json);
    }

    // --- 400 -----------------------------------------------------------------------------------

    @Test
    void answersSignedInvalidUtf8With400NotWith401() {
        byte[] body = {'{', '"', 'e', 'v', 'e', 'n', 't', '"', ':', '"', (byte) 0xC3, (byte) 0x28, (byte) 0xFF, '"', '}'};
        HttpResponse<String> response = vobiz.post(body);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).isEqualTo("{\"error\":\"body is not valid UTF-8\"}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"not json", "[1,2]", "{\"event\":\"message.read\"", ""})
    void answersSignedNonJsonWith400(String body) {
        HttpResponse<String> response = vobiz.post(body);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).startsWith("{\"error\":\"body ");
    }

    @Test
    void answersAMissingEventIdWith400AndStoresNothing() {
        long before = inboxCount();
        HttpResponse<String> response = vobiz.post("{\"event\":\"message.read\",\"data\":{}}");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).isEqualTo("{\"error\":\"event_id is missing\"}");
        assertThat(inboxCount()).isEqualTo(before);
    }

    @Test
    void answersANonStringEventIdOrEventWith400() {
        assertThat(vobiz.post("{\"event\":\"message.read\",\"event_id\":12345}").statusCode()).isEqualTo(400);
        assertThat(vobiz.post("{\"event\":{\"type\":\"message.read\"},\"event_id\":\"" + newId() + "\"}").statusCode()).isEqualTo(400);
        assertThat(vobiz.post("{\"event_id\":\"" + newId() + "\"}").body()).isEqualTo("{\"error\":\"event is missing\"}");
    }

    // --- 400 for an event older than router.webhook.max-event-age (default 3d) -------------------

    @Test
    void answersASignedEventThirtyDaysOldWith400AndRecordsTheRejection() {
        String id = newId();
        long before = rejections("stale_event");
        HttpResponse<String> response = vobiz.post(eventAt(id, Instant.now().minus(Duration.ofDays(30))));
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).startsWith("{\"error\":\"timestamp is older than");
        assertNothingStored(id);
        await().atMost(Duration.ofSeconds(10)).until(() -> rejections("stale_event") == before + 1);
    }

    @Test
    void acceptsASignedEventTwentyHoursOldThatVobizIsStillRetrying() {
        String id = newId();
        HttpResponse<String> response = vobiz.post(eventAt(id, Instant.now().minus(Duration.ofHours(20))));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"status\":\"accepted\",\"event_id\":\"" + id + "\"}");
    }

    @Test
    void answersAnUnparseableEventTimeWith400NamingTheField() {
        String id = newId();
        HttpResponse<String> response = vobiz.post("{\"event\":\"message.read\",\"event_id\":\"" + id + "\",\"timestamp\":\"19/03/2026 10:30\"}");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).isEqualTo("{\"error\":\"timestamp must be an RFC 3339 time such as 2026-03-19T10:30:45Z\"}");
        assertNothingStored(id);
    }

    @Test
    void acceptsASignedEventWithoutATime() {
        String id = newId();
        assertThat(vobiz.post("{\"event\":\"message.read\",\"event_id\":\"" + id + "\"}").body())
                .isEqualTo("{\"status\":\"accepted\",\"event_id\":\"" + id + "\"}");
    }

    static String eventAt(String id, Instant at) {
        return FreshTimes.at(WebhookClient.event("message.read", id), at);
    }

    long rejections(String reason) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM rejected_request WHERE reason = ?", Long.class, reason);
    }

    // --- 200 duplicate / ignored / accepted ----------------------------------------------------

    @Test
    void acceptsANewEventAfterStoringItAndItsIdempotencyKey() {
        String id = newId();
        String json = WebhookClient.event("message.delivered", id);

        HttpResponse<String> response = vobiz.post(json);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        assertThat(response.body()).isEqualTo("{\"status\":\"accepted\",\"event_id\":\"" + id + "\"}");
        Map<String, Object> row = jdbc.queryForMap(
                "SELECT event_type, channel_id, event_timestamp, status, payload, received_at, next_attempt_at FROM inbox_event WHERE event_id = ?", stored(id));
        assertThat(row).containsEntry("EVENT_TYPE", "message.delivered").containsEntry("CHANNEL_ID", "ch_abc123")
                .containsEntry("EVENT_TIMESTAMP", json.replaceFirst("^.*?\"timestamp\":\"([^\"]+)\".*$", "$1")).containsEntry("STATUS", "PENDING")
                .containsEntry("PAYLOAD", json);
        assertThat(row.get("RECEIVED_AT")).isNotNull();
        assertThat(row.get("NEXT_ATTEMPT_AT")).isNotNull();
        assertThat(keyCount(id)).isEqualTo(1);
    }

    @Test
    void acceptsAnEventIdOf255CharactersStoresItHashedAndAnswersItAsSent() {
        String id = (newId() + "-" + "x".repeat(255)).substring(0, 255);

        HttpResponse<String> response = vobiz.post(WebhookClient.event("message.read", id));

        assertThat(response.body()).isEqualTo("{\"status\":\"accepted\",\"event_id\":\"" + id + "\"}");
        assertThat(stored(id)).startsWith("vobiz:sha256:");
        assertThat(keyCount(id)).isEqualTo(1);
        assertThat(vobiz.post(WebhookClient.event("message.read", id)).body()).contains("\"duplicate\"");
        assertThat(vobiz.post(WebhookClient.event("message.read", id + "x")).statusCode()).as("256 characters").isEqualTo(400);
    }

    @Test
    void keepsABlankChannelIdAsSent() {
        String id = newId();

        assertThat(vobiz.post(WebhookClient.event("message.read", id).replace("\"ch_abc123\"", "\"\"")).body()).contains("\"accepted\"");

        assertThat(jdbc.queryForObject("SELECT channel_id FROM inbox_event WHERE event_id = ?", String.class, stored(id))).isEmpty();
    }

    @Test
    void answersTheSameEventIdAgainAsDuplicateAndKeepsTheFirstCopy() {
        String id = newId();
        String first = WebhookClient.event("message.sent", id);
        assertThat(vobiz.post(first).body()).contains("\"accepted\"");

        HttpResponse<String> again = vobiz.post(WebhookClient.event("message.read", id));

        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.body()).isEqualTo("{\"status\":\"duplicate\",\"event_id\":\"" + id + "\"}");
        assertThat(jdbc.queryForObject("SELECT payload FROM inbox_event WHERE event_id = ?", String.class, stored(id))).isEqualTo(first);
        assertThat(keyCount(id)).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"campaign.completed", "message.deleted"})
    void answersATypeOutsideTheEnabledSetAsIgnoredAndKeepsItForAudit(String type) {
        String id = newId();

        HttpResponse<String> response = vobiz.post(WebhookClient.event(type, id));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"status\":\"ignored\",\"event_id\":\"" + id + "\",\"event\":\"" + type + "\"}");
        assertThat(inboxStatus(id)).isEqualTo("IGNORED");
        assertThat(vobiz.post(WebhookClient.event(type, id)).body()).contains("\"duplicate\"");
    }

    @Test
    void escapesAnEventIdInTheAnswer() {
        String id = "evt_\"quoted\"_" + UUID.randomUUID();
        String json = "{\"event\":\"message.read\",\"event_id\":\"" + id.replace("\"", "\\\"") + "\"}";
        HttpResponse<String> response = vobiz.post(json);
        assertThat(response.body()).isEqualTo("{\"status\":\"accepted\",\"event_id\":\"" + id.replace("\"", "\\\"") + "\"}");
    }

    // --- samples --------------------------------------------------------------------------------

    @Test
    void acceptsEverySampleEventAsSigned() throws Exception {
        try (var files = java.nio.file.Files.list(java.nio.file.Path.of("samples"))) {
            List<java.nio.file.Path> samples = files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
            assertThat(samples).hasSize(7);
            for (java.nio.file.Path sample : samples) {
                HttpResponse<String> response = vobiz.post(FreshTimes.of(java.nio.file.Files.readAllBytes(sample)));
                String expected = sample.getFileName().toString().startsWith("campaign.") ? "ignored" : "accepted";
                assertThat(response.body()).as(sample.toString()).contains("\"status\":\"" + expected + "\"");
            }
        }
    }

    @Test
    void theSampleScriptSignsAndSendsAFileTheRouterAccepts() throws Exception {
        ProcessBuilder unconfigured = new ProcessBuilder("bash", "samples/send.sh", "samples/contact.updated.json").redirectErrorStream(true);
        unconfigured.environment().remove("ROUTER_WEBHOOK_SECRETS");
        Process script = unconfigured.start();
        script.getOutputStream().close();
        String output = new String(script.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(script.waitFor()).as(output).isNotZero();
        assertThat(output).contains("ROUTER_WEBHOOK_SECRETS");

        java.nio.file.Path event = java.nio.file.Files.createTempFile("event", ".json");
        java.nio.file.Files.writeString(event, WebhookClient.event("message.read", newId()) + "\n");
        ProcessBuilder configured = new ProcessBuilder("bash", "samples/send.sh", event.toString()).redirectErrorStream(true);
        configured.environment().put("ROUTER_WEBHOOK_SECRETS", CURRENT_SECRET + "," + PREVIOUS_SECRET);
        configured.environment().put("ROUTER_URL", "http://127.0.0.1:" + port + "/webhooks/vobiz");
        configured.environment().put("ROUTER_FORWARDED_FOR", CLIENT);
        Process sent = configured.start();
        String answer = new String(sent.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(sent.waitFor()).as(answer).isZero();
        assertThat(answer).contains("\"status\":\"accepted\"").contains("HTTP 200");
        java.nio.file.Files.delete(event);
    }

    // --- retention ------------------------------------------------------------------------------

    @Test
    void purgesIdempotencyKeysOlderThanTheRetentionSoTheirEventIsNewAgain() {
        String expired = newId();
        String fresh = newId();
        jdbc.update("INSERT INTO CAMEL_MESSAGEPROCESSED (processorName, messageId, createdAt) VALUES ('vobiz-webhook', ?, ?)",
                stored(expired), java.sql.Timestamp.from(java.time.Instant.now().minus(java.time.Duration.ofDays(8))));
        assertThat(vobiz.post(WebhookClient.event("message.read", expired)).body()).contains("\"duplicate\"");
        assertThat(vobiz.post(WebhookClient.event("message.read", fresh)).body()).contains("\"accepted\"");

        camel.sendBody("direct:purge-idempotency-keys", null);

        assertThat(keyCount(expired)).isZero();
        assertThat(keyCount(fresh)).isEqualTo(1);
        assertThat(vobiz.post(WebhookClient.event("message.read", expired)).body()).contains("\"accepted\"");
        assertThat(vobiz.post(WebhookClient.event("message.read", fresh)).body()).contains("\"duplicate\"");
    }

    // --- order of checks -------------------------------------------------------------------------

    @Test
    void answersTheFirstFailingCheckInContractOrder() {
        byte[] notJson = "not json".getBytes(StandardCharsets.UTF_8);
        byte[] oversized = padded(newId(), MAX_BODY + 10);
        assertThat(vobiz.send(vobiz.request(notJson, "text/plain").setHeader("X-Forwarded-For", "198.51.100.7")).statusCode())
                .as("403 before 415 and 401").isEqualTo(403);
        assertThat(vobiz.send(vobiz.request(oversized, "text/plain")).statusCode()).as("413 before 415 and 401").isEqualTo(413);
        assertThat(vobiz.send(vobiz.request(notJson, "text/plain")).statusCode()).as("415 before 401").isEqualTo(415);
        assertThat(vobiz.send(vobiz.request(notJson, "application/json")).statusCode()).as("401 before 400").isEqualTo(401);
    }

    // --- concurrency -----------------------------------------------------------------------------

    @Test
    void acceptsTheSameEventSentBySixteenThreadsAtOnceExactlyOnce() throws Exception {
        for (int round = 0; round < 5; round++) {
            String id = newId();
            String json = WebhookClient.event("message.received", id);
            List<String> statuses = sendConcurrently(16, () -> vobiz.post(json));

            assertThat(statuses).as("round %d", round).filteredOn("accepted"::equals).hasSize(1);
            assertThat(statuses).as("round %d", round).filteredOn("duplicate"::equals).hasSize(15);
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM inbox_event WHERE event_id = ?", Long.class, stored(id))).isEqualTo(1);
            assertThat(keyCount(id)).isEqualTo(1);
        }
    }

    // --- helpers ---------------------------------------------------------------------------------

    static List<String> sendConcurrently(int threads, Callable<HttpResponse<String>> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<HttpResponse<String>>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return call.call();
                }));
            }
            start.countDown();
            List<String> statuses = new ArrayList<>();
            for (Future<HttpResponse<String>> future : futures) {
                HttpResponse<String> response = future.get();
                assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                statuses.add(response.body().replaceAll(".*\"status\":\"([a-z]+)\".*", "$1"));
            }
            return statuses;
        } finally {
            pool.shutdownNow();
        }
    }

    static String newId() {
        return "evt_" + UUID.randomUUID();
    }

    /** A signed-ready event body padded with spaces to exactly {@code size} bytes. */
    static byte[] padded(String id, int size) {
        String head = "{\"event\":\"message.read\",\"event_id\":\"" + id + "\",\"pad\":\"";
        String tail = "\"}";
        return (head + "x".repeat(size - head.length() - tail.length()) + tail).getBytes(StandardCharsets.UTF_8);
    }

    /** The router's id of a Vobiz event id: {@code vobiz:<id>}. */
    static String stored(String id) {
        return EventIds.stored("vobiz", id);
    }

    String inboxStatus(String id) {
        return jdbc.queryForObject("SELECT status FROM inbox_event WHERE event_id = ?", String.class, stored(id));
    }

    long inboxCount() {
        return jdbc.queryForObject("SELECT COUNT(*) FROM inbox_event", Long.class);
    }

    long keyCount(String id) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM CAMEL_MESSAGEPROCESSED WHERE messageId = ?", Long.class, stored(id));
    }

    void assertNothingStored(String id) {
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM inbox_event WHERE event_id = ?", Long.class, stored(id))).isZero();
        assertThat(keyCount(id)).isZero();
    }
}
