package com.vobizrouter.sources;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.vobizrouter.testsupport.ProfileEvents;
import com.vobizrouter.testsupport.RouterTest;
import com.vobizrouter.testsupport.WebhookClient;
import com.vobizrouter.testsupport.WebhookClient.Scheme;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The SPEC's answers in the SPEC's order on every source, one profile after another: a request
 * that fails several checks gets the answer of the first one (405, 403, 413, 415, 401, 400), and
 * one that passes them all is accepted, then a duplicate, or ignored when its type is not
 * dispatched. Every source, router.webhook's included, takes only 203.0.113.0/24 behind the
 * trusted proxy 127.0.0.1. The vobiz-legacy profile is here twice: as router.webhook (the built-in
 * source vobiz) and as a source under router.sources. The answer 503 is SourcesDatabaseOutageTest's.
 */
@RouterTest({
    "spring.datasource.url=jdbc:h2:mem:sources-contract-order;DB_CLOSE_DELAY=-1",
    "router.webhook.secrets=" + SourcesContractOrderTest.SECRET,
    "router.webhook.allowed-cidrs=203.0.113.0/24",
    "router.webhook.trusted-proxies=127.0.0.1/32,::1/128",
    "router.webhook.max-body-bytes=" + SourcesContractOrderTest.MAX_BODY,
    "router.events.enabled=message.read",
    "router.sources.legacy.path=/webhooks/legacy",
    "router.sources.legacy.profile=vobiz-legacy",
    "router.sources.legacy.secrets=" + SourcesContractOrderTest.SECRET,
    "router.sources.messaging.path=/webhooks/vobiz-messaging",
    "router.sources.messaging.profile=vobiz-messaging",
    "router.sources.messaging.secrets=" + SourcesContractOrderTest.SECRET,
    "router.sources.meta.path=/webhooks/meta",
    "router.sources.meta.profile=meta-whatsapp",
    "router.sources.meta.secrets=" + SourcesContractOrderTest.SECRET,
    "router.sources.meta.verify-token=contract-order",
    "router.sources.partner.path=/webhooks/partner",
    "router.sources.partner.profile=standard-webhooks",
    "router.sources.partner.secrets=" + SourcesContractOrderTest.STANDARD_SECRET,
    "router.sources.partner.events=contact.updated",
    "logging.level.com.vobizrouter=OFF"
})
class SourcesContractOrderTest {

    static final String SECRET = "contract_order_secret";
    static final String STANDARD_SECRET = "whsec_Y29udHJhY3Qtb3JkZXItc2VjcmV0LWZvci10ZXN0cw==";
    static final int MAX_BODY = 16384;
    private static final String CLIENT = "203.0.113.10";
    private static final String OUTSIDER = "198.51.100.7";
    private static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort
    int port;

    /** One source as its sender sees it: where it posts and how it signs. */
    record Source(String name, String path, Scheme scheme, String secret) {

        @Override
        public String toString() {
            return name + " (" + scheme + ")";
        }
    }

    static Stream<Source> sources() {
        return Stream.of(
                new Source("vobiz", "/webhooks/vobiz", Scheme.VOBIZ_LEGACY, SECRET),
                new Source("legacy", "/webhooks/legacy", Scheme.VOBIZ_LEGACY, SECRET),
                new Source("messaging", "/webhooks/vobiz-messaging", Scheme.VOBIZ_MESSAGING, SECRET),
                new Source("meta", "/webhooks/meta", Scheme.META_WHATSAPP, SECRET),
                new Source("partner", "/webhooks/partner", Scheme.STANDARD_WEBHOOKS, STANDARD_SECRET));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sources")
    void answersTheFirstFailingCheckInTheSpecsOrderAndThenAcceptedDuplicateOrIgnored(Source source) throws Exception {
        WebhookClient sender = new WebhookClient(port, source.path(), source.scheme(), source.secret())
                .withDefaultHeader("X-Forwarded-For", CLIENT);
        String otherSecret = source.scheme() == Scheme.STANDARD_WEBHOOKS ? "whsec_bm90LXRoZS1zZWNyZXQ=" : "not_the_secret";
        WebhookClient forger = new WebhookClient(port, source.path(), source.scheme(), otherSecret)
                .withDefaultHeader("X-Forwarded-For", CLIENT);
        byte[] malformed = "{\"not json".getBytes(StandardCharsets.UTF_8);
        byte[] oversized = ("{\"pad\":\"" + "x".repeat(MAX_BODY) + "\"}").getBytes(StandardCharsets.UTF_8);

        assertAnswer(sender.send(sender.request(oversized, "text/plain").method("PUT", HttpRequest.BodyPublishers.ofByteArray(oversized))
                .setHeader("X-Forwarded-For", OUTSIDER)), 405, "{\"error\":\"method not allowed, use POST\"}", "405 before 403");
        assertAnswer(sender.send(sender.request(oversized, "text/plain").setHeader("X-Forwarded-For", OUTSIDER)), 403,
                "{\"error\":\"source address not allowed\"}", "403 before 413");
        assertAnswer(sender.send(sender.request(oversized, "text/plain")), 413, null, "413 before 415");
        assertAnswer(sender.send(sender.request(malformed, "text/plain")), 415, null, "415 before 401");
        assertAnswer(sender.send(sender.request(malformed, "application/json")), 401, "{\"error\":\"missing signature\"}",
                "401 (no signature) before 400");
        assertAnswer(forger.send(forger.signed(malformed, "application/json")), 401, "{\"error\":\"invalid signature\"}",
                "401 (another secret) before 400");
        assertAnswer(sender.send(sender.signed(malformed, "application/json")), 400, "{\"error\":\"body is not valid JSON\"}",
                "400 once signed");
        assertThat(sender.send(sender.signed("{}".getBytes(StandardCharsets.UTF_8), "application/json")).statusCode())
                .as("400 for JSON that is not the envelope").isEqualTo(400);

        byte[] event = ProfileEvents.dispatched(source.scheme(), UUID.randomUUID().toString());
        assertThat(outcome(sender.post(event))).as("a new event").isEqualTo("accepted");
        assertThat(outcome(sender.post(event))).as("the same event again").isEqualTo("duplicate");
        byte[] ignored = ProfileEvents.notDispatched(source.scheme(), UUID.randomUUID().toString());
        assertThat(outcome(sender.post(ignored))).as("a type the source does not dispatch").isEqualTo("ignored");
    }

    private static void assertAnswer(HttpResponse<String> answer, int status, String body, String about) {
        assertThat(answer.statusCode()).as(about + ": " + answer.body()).isEqualTo(status);
        if (body != null) {
            assertThat(answer.body()).as(about).isEqualTo(body);
        }
    }

    /** The status of a 200 answer; for a request of several events every event's must be the same. */
    private static String outcome(HttpResponse<String> answer) throws Exception {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        JsonNode json = JSON.readTree(answer.body());
        assertThat(json.findValuesAsText("status")).as(answer.body()).containsOnly(json.get("status").asText());
        return json.get("status").asText();
    }
}
