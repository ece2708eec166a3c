package com.vobizrouter.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import com.vobizrouter.testsupport.RawHttp;
import com.vobizrouter.testsupport.RouterTest;
import com.vobizrouter.testsupport.Signatures;
import com.vobizrouter.testsupport.WebhookClient;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Pins what a flood of refused requests can do to the router: the rejection log never holds more
 * than {@code router.admin.rejections-max} rows, not even between two purges; what it cannot take
 * is counted as dropped; a valid webhook sent during the flood is accepted at once. And a request
 * from an address outside {@code allowed-cidrs} is answered 403 without the router waiting for its
 * body. The sender's address is the one its trusted proxy (the test, on 127.0.0.1) forwards.
 */
@RouterTest({
    "router.webhook.secrets=" + RejectionFloodTest.SECRET,
    "router.admin.rejections-max=300",
    "router.webhook.trusted-proxies=127.0.0.1/32,::1/128",
    "router.webhook.allowed-cidrs=127.0.0.1/32,::1/128,192.0.2.0/24",
    "server.tomcat.connection-timeout=5s",
    "logging.level.com.vobizrouter.intake=OFF"
})
class RejectionFloodTest {

    static final String SECRET = "whsec_rejection_flood";
    private static final int REFUSED = 1500;
    private static final int CAP = 300;

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    MeterRegistry meters;

    WebhookClient vobiz;

    @Test
    void fifteenHundredRefusedRequestsNeverLeaveMoreRowsThanTheCapAndAValidWebhookDuringTheFloodIsAcceptedAtOnce() throws Exception {
        byte[] body = "{\"event\":\"message.read\",\"event_id\":\"evt_flood\"}".getBytes(StandardCharsets.UTF_8);
        long firstId = jdbc.queryForObject("SELECT COALESCE(MAX(id), 0) FROM rejected_request", Long.class);
        // Rows left by earlier runs on this database are trimmed by the first write.
        vobiz.send(vobiz.request(body, "text/plain"));
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForObject("SELECT COUNT(*) FROM rejected_request", Long.class) <= CAP);
        double droppedBefore = dropped();
        AtomicLong mostRows = new AtomicLong();
        AtomicBoolean flooding = new AtomicBoolean(true);
        CompletableFuture<Void> watcher = CompletableFuture.runAsync(() -> {
            while (flooding.get()) {
                mostRows.accumulateAndGet(jdbc.queryForObject("SELECT COUNT(*) FROM rejected_request", Long.class), Math::max);
            }
        });
        ExecutorService senders = Executors.newFixedThreadPool(16);
        List<CompletableFuture<Integer>> refused = new ArrayList<>();
        for (int i = 0; i < REFUSED; i++) {
            refused.add(CompletableFuture.supplyAsync(() -> vobiz.send(vobiz.request(body, "application/json")
                    .header("X-Vobiz-Signature", Signatures.hex("whsec_not_the_secret", body))).statusCode(), senders));
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> refused.stream().filter(CompletableFuture::isDone).count() >= REFUSED / 2);
        long start = System.nanoTime();
        HttpResponse<String> valid = vobiz.post(WebhookClient.event("message.read", "evt_" + UUID.randomUUID()));
        long validMillis = (System.nanoTime() - start) / 1_000_000;
        CompletableFuture.allOf(refused.toArray(CompletableFuture[]::new)).get();
        senders.shutdown();
        await().atMost(Duration.ofSeconds(30)).until(() -> written(firstId) + dropped() - droppedBefore >= REFUSED + 1);
        flooding.set(false);
        watcher.get();
        mostRows.accumulateAndGet(jdbc.queryForObject("SELECT COUNT(*) FROM rejected_request", Long.class), Math::max);

        assertThat(refused).allSatisfy(status -> assertThat(status.get()).isEqualTo(401));
        assertThat(valid.statusCode()).as(valid.body()).isEqualTo(200);
        assertThat(mostRows.get()).as("most rows seen at any time").isLessThanOrEqualTo(CAP);
        long written = written(firstId);
        assertThat(written + (long) (dropped() - droppedBefore)).as("every refusal written or counted as dropped")
                .isEqualTo(REFUSED + 1);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM rejected_request WHERE id > ?", Long.class, firstId))
                .as("the newest are kept").isEqualTo(Math.min(CAP, written));
        // Half Vobiz's 5 s deadline: this test shares its two cores with the flood it sends.
        assertThat(validMillis).as("a valid webhook's answer during the flood, ms").isLessThan(2500);
    }

    @Test
    void aRequestFromAnAddressOutsideTheAllowedOnesIsAnswered403WithoutWaitingForItsBody() {
        byte[] request = RawHttp.head("POST", "/webhooks/vobiz", "Host: 127.0.0.1", "Content-Type: application/json",
                "Content-Length: 1000000", "X-Forwarded-For: 198.51.100.7", "X-Vobiz-Signature: 00");

        RawHttp.Answer answer = RawHttp.exchange(port, request, RawHttp.Pace.stallAfter(request.length), Duration.ofSeconds(10), false);

        assertThat(answer.status()).as(answer.toString()).isEqualTo(403);
        assertThat(answer.elapsed()).as("answered without waiting for the body").isLessThan(Duration.ofSeconds(1));
        await().atMost(Duration.ofSeconds(5)).until(() -> jdbc.queryForObject(
                "SELECT COUNT(*) FROM rejected_request WHERE source_ip = '198.51.100.7' AND reason = 'ip_not_allowed'", Long.class) > 0);
    }

    @Test
    void aRequestFromAnAllowedAddressBehindTheProxyIsStillAccepted() {
        HttpResponse<String> accepted = new WebhookClient(port, "/webhooks/vobiz", SECRET).withDefaultHeader("X-Forwarded-For", "192.0.2.9")
                .post(WebhookClient.event("message.read", "evt_" + UUID.randomUUID()));

        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
    }

    /** Rows inserted since {@code firstId}, trimmed or not: the key is an identity. */
    private long written(long firstId) {
        return jdbc.queryForObject("SELECT COALESCE(MAX(id), 0) FROM rejected_request", Long.class) - firstId;
    }

    private double dropped() {
        return meters.counter("vobiz.rejections.dropped").count();
    }
}
