package com.vobizrouter.drills;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import com.vobizrouter.testsupport.Postgres;
import com.vobizrouter.testsupport.RouterInstance;
import com.vobizrouter.testsupport.Signatures;
import com.vobizrouter.testsupport.WebhookClient;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * What a hostile crowd on the network can do to the webhooks a router must answer, on a router
 * with the shipped limits (Tomcat's threads, timeouts, {@code rejections-max}) and PostgreSQL:
 *
 * <ul>
 *   <li>{@code slow-senders}: 1,000 connections from the same address as the signed sender (behind
 *       a load balancer every request has one address) each dribble a body a byte a second, and
 *       open again when the router cuts them off; signed webhooks sent meanwhile keep p99 under 1 s.</li>
 *   <li>{@code rejection-flood}: senders post badly signed webhooks as fast as the router answers
 *       them; signed webhooks keep p99 under 1 s and the rejection log never holds more than
 *       {@code rejections-max} rows.</li>
 * </ul>
 *
 * CI runs each for 15 s ({@code drill.seconds}); {@code bench/drill.sh slow-senders} and
 * {@code rejection-flood} run them at length.
 */
@Tag("slow")
class FloodDrillTest {

    private static final String SECRET = "whsec_drill_flood";
    private static final long P99_BOUND_MILLIS = 1000;
    private static final int SLOW_SENDERS = Integer.getInteger("drill.slow-senders", 1000);
    private static final int REJECTIONS_MAX = 300;

    @Test
    void signedWebhooksKeepTheirP99UnderASecondWhileAThousandConnectionsDribbleFromTheSameAddress() throws Exception {
        int seconds = DrillSettings.seconds(15);
        DrillReport report = new DrillReport("slow-senders");
        report.note(SLOW_SENDERS + " connections dribbling a byte a second for " + seconds + " s, signed webhooks meanwhile");
        try (RouterInstance router = RouterInstance.start(properties(DrillSettings.freshDatabase("slow_senders")));
             Dribblers dribblers = new Dribblers(router.port(), SLOW_SENDERS)) {
            dribblers.openAll();
            report.note("dribbling connections open: " + dribblers.openCount());
            List<Long> latencies = signedWebhooks(router.port(), seconds, report);
            report.count("slow_connections", SLOW_SENDERS);
            report.count("reopened", dribblers.reopened.get());
            checkLatencies(report, latencies);
        }
        report.finish();
    }

    @Test
    void signedWebhooksKeepTheirP99UnderASecondAndTheRejectionLogItsCapUnderAFloodOfRefusedRequests() throws Exception {
        int seconds = DrillSettings.seconds(15);
        DrillReport report = new DrillReport("rejection-flood");
        String database = DrillSettings.freshDatabase("rejection_flood");
        Map<String, String> properties = properties(database);
        properties.put("router.admin.rejections-max", String.valueOf(REJECTIONS_MAX));
        JdbcTemplate jdbc = new JdbcTemplate(new DriverManagerDataSource(database, Postgres.USER, Postgres.PASSWORD));
        AtomicBoolean flooding = new AtomicBoolean(true);
        AtomicLong refused = new AtomicLong();
        AtomicLong mostRows = new AtomicLong();
        ExecutorService flood = Executors.newFixedThreadPool(17);
        try (RouterInstance router = RouterInstance.start(properties)) {
            HttpClient http = HttpClient.newHttpClient();
            byte[] body = "{\"event\":\"message.read\",\"event_id\":\"evt_flood\"}".getBytes(StandardCharsets.UTF_8);
            HttpRequest wrong = HttpRequest.newBuilder(DrillSettings.webhook(router.port())).header("Content-Type", "application/json")
                    .header("X-Vobiz-Signature", Signatures.hex("whsec_not_the_secret", body))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
            for (int i = 0; i < 16; i++) {
                flood.execute(() -> {
                    while (flooding.get()) {
                        try {
                            http.send(wrong, HttpResponse.BodyHandlers.discarding());
                            refused.incrementAndGet();
                        } catch (IOException | InterruptedException e) {
                            return;
                        }
                    }
                });
            }
            flood.execute(() -> {
                while (flooding.get()) {
                    mostRows.accumulateAndGet(jdbc.queryForObject("SELECT COUNT(*) FROM rejected_request", Long.class), Math::max);
                }
            });
            List<Long> latencies = signedWebhooks(router.port(), seconds, report);
            flooding.set(false);
            flood.shutdown();
            flood.awaitTermination(30, TimeUnit.SECONDS);
            report.note("refused requests answered: " + refused.get() + " (" + refused.get() / seconds + "/s)");
            report.note("most rejection rows seen at any time: " + mostRows.get() + " (rejections-max " + REJECTIONS_MAX + ")");
            report.check(refused.get() > 0, "no refused request was answered: nothing was tested");
            report.check(mostRows.get() <= REJECTIONS_MAX, "the rejection log held " + mostRows.get() + " rows, more than " + REJECTIONS_MAX);
            report.count("refused", refused.get());
            report.count("most_rows", mostRows.get());
            checkLatencies(report, latencies);
        } finally {
            flooding.set(false);
            flood.shutdownNow();
        }
        report.finish();
    }

    /** A router with the shipped limits on its own fresh PostgreSQL database. */
    private static Map<String, String> properties(String jdbcUrl) {
        Map<String, String> properties = new java.util.HashMap<>();
        properties.put("spring.datasource.url", jdbcUrl);
        properties.put("spring.datasource.username", Postgres.USER);
        properties.put("spring.datasource.password", Postgres.PASSWORD);
        properties.put("spring.datasource.hikari.minimum-idle", "4");
        properties.put("router.webhook.secrets", SECRET);
        return properties;
    }

    /** Signed webhooks, one after another from four senders, for {@code seconds}; each one's answer time in ms. */
    private static List<Long> signedWebhooks(int port, int seconds, DrillReport report) throws Exception {
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        AtomicLong notAccepted = new AtomicLong();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        ExecutorService senders = Executors.newFixedThreadPool(4);
        for (int i = 0; i < 4; i++) {
            senders.execute(() -> {
                WebhookClient client = new WebhookClient(port, "/webhooks/vobiz", SECRET);
                while (System.nanoTime() < end) {
                    long start = System.nanoTime();
                    int status;
                    try {
                        status = client.post(WebhookClient.event("message.read", "evt_" + UUID.randomUUID())).statusCode();
                    } catch (RuntimeException noAnswer) {
                        // No answer within the client's 30 s: counted with the time it waited.
                        status = 0;
                    }
                    latencies.add((System.nanoTime() - start) / 1_000_000);
                    if (status != 200) {
                        notAccepted.incrementAndGet();
                    }
                }
            });
        }
        senders.shutdown();
        senders.awaitTermination(seconds + 60L, TimeUnit.SECONDS);
        report.check(notAccepted.get() == 0, notAccepted.get() + " signed webhooks not answered 200");
        report.count("signed", latencies.size());
        return latencies;
    }

    private static void checkLatencies(DrillReport report, List<Long> latencies) {
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        report.check(sorted.length > 0, "no signed webhook was answered");
        if (sorted.length == 0) {
            return;
        }
        long p50 = sorted[(int) Math.ceil(0.5 * sorted.length) - 1];
        long p99 = sorted[(int) Math.ceil(0.99 * sorted.length) - 1];
        report.note("signed webhooks: " + sorted.length + ", answer ms p50 " + p50 + ", p99 " + p99 + ", max " + sorted[sorted.length - 1]);
        report.check(p99 < P99_BOUND_MILLIS, "signed webhooks' p99 " + p99 + " ms, bound " + P99_BOUND_MILLIS);
        report.count("p50_ms", p50);
        report.count("p99_ms", p99);
    }

    /**
     * Connections that each declare a body of 100,000 bytes and send one byte of it a second (never
     * silent long enough for the read timeout), opened again whenever the router closes one.
     */
    private static final class Dribblers implements AutoCloseable {

        private final int port;
        private final Socket[] sockets;
        private final ExecutorService pacer = Executors.newSingleThreadExecutor();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicLong reopened = new AtomicLong();

        Dribblers(int port, int count) {
            this.port = port;
            this.sockets = new Socket[count];
        }

        void openAll() throws IOException {
            for (int i = 0; i < sockets.length; i++) {
                sockets[i] = open();
            }
            pacer.execute(() -> {
                while (running.get()) {
                    long tick = System.nanoTime();
                    for (int i = 0; i < sockets.length && running.get(); i++) {
                        try {
                            OutputStream out = sockets[i].getOutputStream();
                            out.write('x');
                            out.flush();
                            if (sockets[i].getInputStream().available() > 0) {
                                // Answered (408 after the body read timeout): the sender starts over.
                                sockets[i].close();
                                sockets[i] = open();
                                reopened.incrementAndGet();
                            }
                        } catch (IOException closed) {
                            try {
                                sockets[i].close();
                                sockets[i] = open();
                                reopened.incrementAndGet();
                            } catch (IOException e) {
                                // The router is going away at the end of the drill.
                            }
                        }
                    }
                    long rest = TimeUnit.SECONDS.toNanos(1) - (System.nanoTime() - tick);
                    if (rest > 0) {
                        java.util.concurrent.locks.LockSupport.parkNanos(rest);
                    }
                }
            });
        }

        long openCount() {
            long open = 0;
            for (Socket socket : sockets) {
                if (socket != null && !socket.isClosed()) {
                    open++;
                }
            }
            return open;
        }

        private Socket open() throws IOException {
            Socket socket = new Socket();
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            byte[] head = ("POST /webhooks/vobiz HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "X-Vobiz-Signature: 00\r\nContent-Length: 100000\r\n\r\n{").getBytes(StandardCharsets.ISO_8859_1);
            socket.getOutputStream().write(head);
            socket.getOutputStream().flush();
            return socket;
        }

        @Override
        public void close() {
            running.set(false);
            pacer.shutdownNow();
            for (Socket socket : sockets) {
                try {
                    if (socket != null) {
                        socket.close();
                    }
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
        }
    }
}
