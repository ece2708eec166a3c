package com.vobizrouter.sources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import com.vobizrouter.testsupport.Postgres;
import com.vobizrouter.testsupport.ProfileEvents;
import com.vobizrouter.testsupport.PostgresSchema;
import com.vobizrouter.testsupport.RequiresPostgres;
import com.vobizrouter.testsupport.RouterInstance;
import com.vobizrouter.testsupport.WebhookClient;
import com.vobizrouter.testsupport.TcpProxy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The database goes away under a running router with every kind of source, and comes back. While
 * it is gone every valid event of every source, one event or a Meta notification with several, is
 * answered 503 quickly (never 200: nothing could be committed; well inside Vobiz's 5 s deadline),
 * nothing of it is remembered, and readiness reports the database DOWN; once it is back the router
 * recovers by itself, without a restart, and the senders' retries are accepted. On every profile
 * an unsigned or malformed request is still answered 401 or 400 during the outage: 503 comes last.
 */
@RequiresPostgres
@Tag("slow")
class SourcesDatabaseOutageTest {

    private static final String SECRET = "whsec_outage";
    private static final String MESSAGING_SECRET = "whsub_outage";
    private static final String META_SECRET = "meta_app_outage";
    private static TcpProxy database;
    private static RouterInstance router;

    @BeforeAll
    static void startRouterThroughACuttableLink(PostgresSchema schema) throws Exception {
        URI target = URI.create(Postgres.URL.substring("jdbc:".length()));
        database = new TcpProxy(target.getHost(), target.getPort());
        String schemaUrl = schema.url();
        String proxiedUrl = schemaUrl.replace(target.getHost() + ":" + target.getPort(), "127.0.0.1:" + database.port());
        router = RouterInstance.start(Map.ofEntries(
                Map.entry("spring.datasource.url", proxiedUrl),
                Map.entry("spring.datasource.username", Postgres.USER),
                Map.entry("spring.datasource.password", Postgres.PASSWORD),
                Map.entry("spring.datasource.hikari.connection-timeout", "1000"),
                Map.entry("router.webhook.secrets", SECRET + "," + SourcesContractOrderTest.SECRET),
                Map.entry("router.sources.messaging.path", "/webhooks/vobiz-messaging"),
                Map.entry("router.sources.messaging.profile", "vobiz-messaging"),
                Map.entry("router.sources.messaging.secrets", MESSAGING_SECRET + "," + SourcesContractOrderTest.SECRET),
                Map.entry("router.sources.meta.path", "/webhooks/meta"),
                Map.entry("router.sources.meta.profile", "meta-whatsapp"),
                Map.entry("router.sources.meta.secrets", META_SECRET + "," + SourcesContractOrderTest.SECRET),
                Map.entry("router.sources.meta.verify-token", "outage"),
                // Every profile, with the paths of SourcesContractOrderTest's senders, each also taking their secrets.
                Map.entry("router.sources.legacy.path", "/webhooks/legacy"),
                Map.entry("router.sources.legacy.profile", "vobiz-legacy"),
                Map.entry("router.sources.legacy.secrets", SourcesContractOrderTest.SECRET),
                Map.entry("router.sources.partner.path", "/webhooks/partner"),
                Map.entry("router.sources.partner.profile", "standard-webhooks"),
                Map.entry("router.sources.partner.secrets", SourcesContractOrderTest.STANDARD_SECRET)));
    }

    @AfterAll
    static void stop() {
        if (router != null) {
            router.close();
        }
        if (database != null) {
            database.close();
        }
    }

    @Test
    void answersVobiz503QuicklyWhileTheDatabaseIsDownAndRecoversWithoutRestart() throws Exception {
        WebhookClient vobiz = new WebhookClient(router.port(), "/webhooks/vobiz", SECRET);
        String before = "evt_" + UUID.randomUUID();
        assertThat(vobiz.post(WebhookClient.event("message.read", before)).statusCode()).isEqualTo(200);

        database.cut();
        String during = "evt_" + UUID.randomUUID();
        long started = System.nanoTime();
        HttpResponse<String> down = vobiz.post(WebhookClient.event("message.read", during));
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(down.statusCode()).isEqualTo(503);
        assertThat(down.body()).isEqualTo("{\"error\":\"database unavailable, retry later\"}");
        assertThat(down.headers().firstValue("Retry-After")).hasValue("5");
        assertThat(took).as("well inside Vobiz's 5 s deadline").isLessThan(Duration.ofSeconds(4));
        assertThat(vobiz.post(WebhookClient.event("message.read", before)).statusCode())
                .as("a known id is not answered duplicate without the database either").isEqualTo(503);
        HttpResponse<String> readiness = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + router.managementPort() + "/actuator/health/readiness")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(readiness.statusCode()).as(readiness.body()).isEqualTo(503);
        assertThat(readiness.body()).contains("\"db\":{\"status\":\"DOWN\"");

        database.restore();

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                assertThat(vobiz.post(WebhookClient.event("message.read", during)).body())
                        .isEqualTo("{\"status\":\"accepted\",\"event_id\":\"" + during + "\"}"));
        assertThat(vobiz.post(WebhookClient.event("message.read", before)).body()).contains("\"duplicate\"");
    }

    @Test
    void answersEachSource503WhileTheDatabaseIsDownAndAcceptsTheRetryOnceItIsBack() throws Exception {
        WebhookClient messaging = new WebhookClient(router.port(), "/webhooks/vobiz-messaging", WebhookClient.Scheme.VOBIZ_MESSAGING,
                MESSAGING_SECRET);
        WebhookClient meta = new WebhookClient(router.port(), "/webhooks/meta", WebhookClient.Scheme.META_WHATSAPP, META_SECRET);
        String id = UUID.randomUUID().toString();
        byte[] event = ("{\"event_id\":\"" + id + "\",\"event_type\":\"call.connect\",\"payload\":{}}").getBytes(StandardCharsets.UTF_8);
        byte[] notification = SourcesEndToEndTest.sample("meta-whatsapp", "statuses.json");

        database.cut();
        HttpResponse<String> down = messaging.post(event);
        HttpResponse<String> metaDown = meta.post(notification);

        assertThat(down.statusCode()).isEqualTo(503);
        assertThat(down.body()).isEqualTo("{\"error\":\"database unavailable, retry later\"}");
        assertThat(down.headers().firstValue("Retry-After")).hasValue("5");
        assertThat(metaDown.statusCode()).isEqualTo(503);

        database.restore();

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                assertThat(messaging.post(event).body()).isEqualTo("{\"status\":\"accepted\",\"event_id\":\"" + id + "\"}"));
        assertThat(meta.post(notification).body()).startsWith("{\"status\":\"accepted\"");
    }

    @Test
    void answersEveryProfilesSignatureAndEnvelopeChecksBeforeTheOutageAndAValidEvent503() throws Exception {
        Map<SourcesContractOrderTest.Source, byte[]> events = new LinkedHashMap<>();
        SourcesContractOrderTest.sources().forEach(source -> events.put(source,
                ProfileEvents.dispatched(source.scheme(), UUID.randomUUID().toString())));
        byte[] malformed = "{\"not json".getBytes(StandardCharsets.UTF_8);

        database.cut();
        try {
            events.forEach((source, event) -> {
                WebhookClient sender = sender(source);
                assertThat(sender.send(sender.request(malformed, "application/json")).statusCode()).as(source + " unsigned")
                        .isEqualTo(401);
                assertThat(sender.send(sender.signed(malformed, "application/json")).statusCode()).as(source + " malformed")
                        .isEqualTo(400);
                HttpResponse<String> down = sender.post(event);
                assertThat(down.statusCode()).as(source + ": " + down.body()).isEqualTo(503);
            });
        } finally {
            database.restore();
        }

        events.forEach((source, event) -> await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(sender(source).post(event).body()).as(source.toString()).contains("\"accepted\"")));
    }

    private static WebhookClient sender(SourcesContractOrderTest.Source source) {
        return new WebhookClient(router.port(), source.path(), source.scheme(), source.secret());
    }
}
