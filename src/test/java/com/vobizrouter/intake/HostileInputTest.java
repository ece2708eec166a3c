package com.vobizrouter.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import com.vobizrouter.testsupport.HostileCorpus;
import com.vobizrouter.testsupport.ProfileEvents;
import com.vobizrouter.testsupport.RawHttp;
import com.vobizrouter.testsupport.RouterTest;
import com.vobizrouter.testsupport.WebhookClient;
import com.vobizrouter.testsupport.WebhookClient.Scheme;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Replays the hostile request corpus ({@code src/test/resources/hostile/corpus.yaml}) against the
 * running router over a raw socket and a real database, one case at a time, on the source of each
 * profile the case names (router.webhook and a source under router.sources for vobiz-legacy, one
 * source under router.sources for each other profile), signed as that source's sender signs. For
 * each: the answer is the case's status (never a 5xx, except the few the servlet container sends
 * by RFC before any router code runs, each named in the corpus), a closed connection only where
 * the case allows it, no event row and no idempotency key for anything refused, a rejection record
 * exactly when the router itself refused it, and afterwards a valid signed event is still accepted
 * by that source.
 *
 * <p>Only 127.0.0.0/8, ::1, 10.0.0.0/8 and 203.0.113.0/24 may send, so a case can forward an
 * address that may not. Timeouts are shortened (2 s container read timeout, 3 s body read timeout) so the slow
 * senders finish quickly; the shipped values are pinned by {@code ShippedLimitsTest}. Subclasses
 * choose the database.
 */
@RouterTest({
    "router.webhook.secrets=" + HostileInputTest.SECRET,
    "router.webhook.trusted-proxies=127.0.0.1/32,::1/128",
    "router.webhook.allowed-cidrs=127.0.0.0/8,::1/128,10.0.0.0/8,203.0.113.0/24",
    "server.tomcat.connection-timeout=2s",
    "router.webhook.body-read-timeout=3s",
    "router.sources.legacy.path=/webhooks/legacy",
    "router.sources.legacy.profile=vobiz-legacy",
    "router.sources.legacy.secrets=" + HostileInputTest.SECRET,
    "router.sources.messaging.path=/webhooks/vobiz-messaging",
    "router.sources.messaging.profile=vobiz-messaging",
    "router.sources.messaging.secrets=" + HostileInputTest.SECRET,
    "router.sources.meta.path=/webhooks/meta",
    "router.sources.meta.profile=meta-whatsapp",
    "router.sources.meta.secrets=" + HostileInputTest.SECRET,
    "router.sources.meta.verify-token=hostile-corpus",
    "router.sources.partner.path=/webhooks/partner",
    "router.sources.partner.profile=standard-webhooks",
    "router.sources.partner.secrets=" + HostileInputTest.STANDARD_SECRET,
    "logging.level.com.vobizrouter.intake=OFF",
    "logging.level.com.vobizrouter.dispatch=OFF"
})
abstract class HostileInputTest {

    static final String SECRET = "whsec_hostile_corpus";
    static final String STANDARD_SECRET = "whsec_aG9zdGlsZS1jb3JwdXMtc3RhbmRhcmQtd2ViaG9va3M=";
    private static final Duration DEFAULT_WAIT = Duration.ofSeconds(30);

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    RejectionLog rejectionLog;

    /**
     * One source of each profile, vobiz-legacy twice (router.webhook, whose route is its own, and a
     * source under router.sources): where its sender posts, how it signs, and the name its inbox
     * ids start with.
     */
    enum Source {
        VOBIZ("/webhooks/vobiz", Scheme.VOBIZ_LEGACY, SECRET, "vobiz:"),
        LEGACY("/webhooks/legacy", Scheme.VOBIZ_LEGACY, SECRET, "legacy:"),
        MESSAGING("/webhooks/vobiz-messaging", Scheme.VOBIZ_MESSAGING, SECRET, "messaging:"),
        META("/webhooks/meta", Scheme.META_WHATSAPP, SECRET, "meta:"),
        PARTNER("/webhooks/partner", Scheme.STANDARD_WEBHOOKS, STANDARD_SECRET, "partner:");

        final String path;
        final Scheme scheme;
        final String secret;
        final String inboxPrefix;

        Source(String path, Scheme scheme, String secret, String inboxPrefix) {
            this.path = path;
            this.scheme = scheme;
            this.secret = secret;
            this.inboxPrefix = inboxPrefix;
        }

        WebhookClient sender(int port) {
            return new WebhookClient(port, path, scheme, secret);
        }

        @Override
        public String toString() {
            return scheme.profile() + " on " + path;
        }
    }

    /**
     * Every case on the source of every profile it names, but the timed ones (a slow or stalled
     * sender, each waiting out a timeout of seconds) on the first source only: the other sources'
     * run in {@link #eachTimedHostileRequestOnEveryOtherSource}, with the full test run.
     */
    static Stream<Arguments> corpus() {
        return cases(true);
    }

    static Stream<Arguments> timedCasesOnEveryOtherSource() {
        return cases(false);
    }

    private static Stream<Arguments> cases(boolean untimedOrFirstSource) {
        List<HostileCorpus.Case> cases = HostileCorpus.cases();
        Source first = Source.values()[0];
        return Arrays.stream(Source.values()).flatMap(source -> cases.stream().filter(hostile -> hostile.appliesTo(source.scheme))
                .filter(hostile -> untimedOrFirstSource == (hostile.expect().within() == null || source == first))
                .map(hostile -> Arguments.of(source, hostile)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("corpus")
    void eachHostileRequestGetsItsAnswerLeavesNoEventWhenRefusedAndTheSourceStillAcceptsAnEvent(Source source,
            HostileCorpus.Case hostile) {
        answersAndStores(source, hostile);
    }

    @Tag("slow")
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("timedCasesOnEveryOtherSource")
    void eachTimedHostileRequestOnEveryOtherSource(Source source, HostileCorpus.Case hostile) {
        answersAndStores(source, hostile);
    }

    private void answersAndStores(Source source, HostileCorpus.Case hostile) {
        HostileCorpus.Expectation expect = hostile.expect();
        String id = "hostile-" + hostile.name() + "-" + UUID.randomUUID().toString().substring(0, 8);
        Counts before = counts();
        WebhookClient sender = source.sender(port);
        HostileCorpus.Request request = hostile.request(id, sender);
        Duration wait = expect.within() == null ? DEFAULT_WAIT : expect.within().plusSeconds(5);

        RawHttp.Answer answer = RawHttp.exchange(port, request.bytes(), request.pace(), wait, expect.closes());

        String about = source + " " + hostile.name() + " (" + hostile.about() + "): " + answer;
        if (answer.answered()) {
            assertThat(answer.status()).as(about).isEqualTo(expect.status());
            assertThat(answer.status() < 500 || expect.container5xx()).as("5xx only where the container must: " + about).isTrue();
        } else {
            assertThat(expect.closeAllowed()).as("no answer: " + about).isTrue();
            assertThat(answer.closed()).as("closed rather than left hanging: " + about).isTrue();
        }
        if (expect.within() != null) {
            assertThat(answer.elapsed()).as((expect.closes() ? "answered and closed" : "answered") + " in time: " + about)
                    .isLessThanOrEqualTo(expect.within());
        }
        if (expect.closes()) {
            assertThat(answer.closed()).as("connection closed after the answer: " + about).isTrue();
        }

        Counts after = counts();
        if (expect.stored()) {
            String json = new String(request.body(), StandardCharsets.UTF_8).replaceFirst("^\uFEFF", "");
            String sent = expect.eventId() == null ? id : expect.eventId().replace("{{id}}", id);
            assertThat(jdbc.queryForList("SELECT payload FROM inbox_event WHERE event_id = ?", String.class, source.inboxPrefix + sent))
                    .as(about).containsExactly(json);
            assertThat(after.inbox()).as(about).isEqualTo(before.inbox() + 1);
            assertThat(after.keys()).as(about).isEqualTo(before.keys() + 1);
        } else {
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM inbox_event WHERE event_id LIKE ?", Long.class, "%" + id + "%")).as(about)
                    .isZero();
            assertThat(after.inbox()).as("no inbox row: " + about).isEqualTo(before.inbox());
            assertThat(after.keys()).as("no idempotency key: " + about).isEqualTo(before.keys());
        }
        // Rejections are written behind the answer, by the rejection log's writer.
        if (expect.reason() != null) {
            await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10)).atMost(Duration.ofSeconds(10))
                    .until(() -> counts().lastRejection() > before.lastRejection());
        }
        await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10)).atMost(Duration.ofSeconds(10))
                .until(() -> rejectionLog.pending() == 0);
        List<Map<String, Object>> rejections = jdbc.queryForList(
                "SELECT status, reason, detail, body_start FROM rejected_request WHERE id > ? ORDER BY id", before.lastRejection());
        if (expect.reason() == null) {
            assertThat(rejections).as("refused before the router, so not recorded: " + about).isEmpty();
        } else {
            assertThat(rejections).as("one rejection record: " + about).hasSize(1);
            assertThat(rejections.get(0)).as(about).containsEntry("REASON", expect.reason())
                    .containsEntry("STATUS", answer.answered() ? answer.status() : expect.status());
            String recorded = rejections.get(0).get("DETAIL") + " " + rejections.get(0).get("BODY_START");
            for (String hidden : expect.hidden()) {
                assertThat(recorded).as("the rejection log hides " + hidden + ": " + about).doesNotContain(hidden);
            }
        }

        assertTheSourceStillAcceptsAValidEvent(sender);
    }

    void assertTheSourceStillAcceptsAValidEvent(WebhookClient sender) {
        HttpResponse<String> response = sender.post(ProfileEvents.dispatched(sender.scheme(), "evt_after_" + UUID.randomUUID()));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).contains("\"accepted\"");
    }

    Counts counts() {
        return new Counts(jdbc.queryForObject("SELECT COUNT(*) FROM inbox_event", Long.class),
                jdbc.queryForObject("SELECT COUNT(*) FROM CAMEL_MESSAGEPROCESSED", Long.class),
                jdbc.queryForObject("SELECT COALESCE(MAX(id), 0) FROM rejected_request", Long.class));
    }

    /** Rows before a case: the valid event sent after each case adds one to both counts. */
    record Counts(long inbox, long keys, long lastRejection) {
    }
}
