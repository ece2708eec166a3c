package com.vobizrouter.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import com.vobizrouter.testsupport.Postgres;
import com.vobizrouter.testsupport.PostgresSchema;
import com.vobizrouter.testsupport.RequiresPostgres;
import com.vobizrouter.testsupport.RouterInstance;
import com.vobizrouter.testsupport.TcpProxy;
import com.vobizrouter.testsupport.WebhookClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The database goes away under a running router and comes back. While it is gone every valid
 * event is answered 503 quickly (never 200: nothing could be committed) and nothing is
 * remembered of it; once it is back the router recovers by itself, without a restart, and the
 * events Vobiz retries are accepted. Readiness reports the database DOWN meanwhile.
 */
@RequiresPostgres
@Tag("slow")
class DatabaseOutageTest {

    private static final String SECRET = "whsec_outage";
    private static TcpProxy database;
    private static RouterInstance router;

    @BeforeAll
    static void startRouterThroughACuttableLink(PostgresSchema schema) throws Exception {
        URI target = URI.create(Postgres.URL.substring("jdbc:".length()));
        database = new TcpProxy(target.getHost(), target.getPort());
        String proxiedUrl = schema.url().replace(target.getHost() + ":" + target.getPort(), "127.0.0.1:" + database.port());
        router = RouterInstance.start(Map.of(
                "spring.datasource.url", proxiedUrl,
                "spring.datasource.username", Postgres.USER,
                "spring.datasource.password", Postgres.PASSWORD,
                "spring.datasource.hikari.connection-timeout", "1000",
                "router.webhook.secrets", SECRET));
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
    void answers503WhileTheDatabaseIsDownAndRecoversWithoutRestart() throws Exception {
        WebhookClient vobiz = new WebhookClient(router.port(), "/webhooks/vobiz", SECRET);
        String before = IntakeContractTest.newId();
        assertThat(vobiz.post(WebhookClient.event("message.read", before)).statusCode()).isEqualTo(200);

        database.cut();
        String during = IntakeContractTest.newId();
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
}
