package com.vobizrouter.drills;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.vobizrouter.testsupport.FakeBusinessSystems;
import com.vobizrouter.testsupport.Postgres;
import com.vobizrouter.testsupport.RequiresPostgres;
import com.vobizrouter.testsupport.RouterInstance;
import com.vobizrouter.testsupport.TcpProxy;
import com.vobizrouter.testsupport.WithFakeBusinessSystems;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Fault drill "database-outage": under steady load the router's PostgreSQL goes away for the
 * outage window and comes back. Every request sent while it is gone must be answered 503, never
 * 200 (a 200 promises a committed event), and inside Vobiz's 5 s deadline; readiness must say
 * DOWN. Once the database is back the router must recover by itself, without a restart:
 * readiness up again, valid events accepted again, and, as Vobiz retries what got 503, every
 * event in the end stored once and delivered once.
 *
 * <p>The short version (CI) cuts the connection with a {@link TcpProxy}: stopping the shared
 * PostgreSQL would break the other tests. {@code bench/drill.sh database-outage} runs the long
 * version, which really stops a PostgreSQL server and starts it again: the commands come from
 * {@code drill.database.stop-command} and {@code drill.database.start-command} (run with bash),
 * the server from {@code drill.postgres.admin-url}. The router runs with the production lease
 * (30 s): events whose outcome could not be written during the outage are delivered again once
 * it has run out.
 */
@RequiresPostgres
@WithFakeBusinessSystems
@Tag("slow")
class DatabaseOutageDrillTest {

    private static final String SECRET = "whsec_drill_database";
    private static final long VOBIZ_DEADLINE_MILLIS = 5000;

    /** Takes the database away and brings it back. */
    private interface DatabaseSwitch {
        String describe();

        void stop() throws Exception;

        void start() throws Exception;
    }

    @Test
    void intakeAnswers503NeverA200WhileTheDatabaseIsGoneAndRecoversByItself(FakeBusinessSystems fakes) throws Exception {
        int outage = DrillSettings.outageSeconds(6);
        int seconds = Math.max(DrillSettings.seconds(18), outage + 12);
        int rate = DrillSettings.rate(40);
        long outageStart = (seconds - outage) * 1000L / 2;
        DrillReport report = new DrillReport("database-outage");
        String database = DrillSettings.freshDatabase("database_outage");
        String stopCommand = System.getProperty("drill.database.stop-command");
        URI server = URI.create(database.substring("jdbc:".length()));
        TcpProxy proxy = stopCommand == null ? new TcpProxy(server.getHost(), server.getPort()) : null;
        DatabaseSwitch link = proxy != null ? proxySwitch(proxy) : commandSwitch(stopCommand,
                System.getProperty("drill.database.start-command"));
        String routerDatabase = proxy == null ? database
                : database.replace(server.getHost() + ":" + server.getPort(), "127.0.0.1:" + proxy.port());
        boolean stopped = false;
        try {
            fakes.drillAnswers(20);
            Map<String, String> properties = DrillSettings.routerProperties(fakes, routerDatabase);
            DrillSettings.zendeskPlanForTheLoad(properties);
            properties.put("router.webhook.secrets", SECRET);
            // Every request and poll fails while the database is gone: thousands of error lines.
            properties.put("logging.level.com.vobizrouter", "OFF");
            properties.put("logging.level.com.vobizrouter.intake", "OFF");
            properties.put("logging.level.org.springframework.transaction", "OFF");
            properties.put("logging.level.org.apache.camel", "OFF");
            properties.put("logging.level.org.apache.camel.processor.errorhandler.DefaultErrorHandler", "OFF");
            properties.put("logging.level.org.apache.camel.spring.spi.TransactionErrorHandler", "OFF");
            properties.put("logging.level.com.zaxxer.hikari", "OFF");
            properties.put("logging.level.org.springframework.jdbc", "OFF");
            DrillVerifier verifier = new DrillVerifier(database, Postgres.USER, Postgres.PASSWORD, fakes);
            report.note("load " + seconds + " s at " + rate + " events/s; database " + link.describe() + " for " + outage
                    + " s from " + outageStart / 1000.0 + " s");

            try (RouterInstance router = RouterInstance.start(properties);
                 LoadSender sender = new LoadSender(new DrillEvents(DrillSettings.conversations(rate)), SECRET, 16, rate, Duration.ofSeconds(seconds),
                         (n, attempt) -> List.of(DrillSettings.webhook(router.port()))).start()) {
                URI readiness = URI.create("http://127.0.0.1:" + router.managementPort() + "/actuator/health/readiness");
                sender.awaitElapsed(outageStart);
                link.stop();
                stopped = true;
                long goneAt = sender.elapsedMillis();
                report.note("database gone at " + goneAt / 1000.0 + " s");
                // Readiness checks the database and the inbox, each waiting out the pool's 2 s
                // connection timeout: asked once now, it may answer after the outage.
                sender.awaitElapsed(goneAt + 500);
                long askedAt = System.nanoTime();
                CompletableFuture<long[]> ready = HttpClient.newHttpClient().sendAsync(
                        HttpRequest.newBuilder(readiness).timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.discarding())
                        .thenApply(response -> new long[] {response.statusCode(), (System.nanoTime() - askedAt) / 1_000_000});
                sender.awaitElapsed(goneAt + outage * 1000L);
                long backFrom = sender.elapsedMillis();
                link.start();
                stopped = false;
                long backAt = sender.elapsedMillis();
                report.note("database back at " + backAt / 1000.0 + " s (bringing it back took " + (backAt - backFrom) + " ms)");
                long[] probe = ready.get(30, TimeUnit.SECONDS);
                long readyWhileGone = probe[0];
                report.note("readiness asked while the database was gone: " + readyWhileGone + " in " + probe[1] + " ms");
                report.check(readyWhileGone == 503, "readiness answered " + readyWhileGone + ", not 503, while the database was gone");
                report.check(becomes(readiness, 200, Duration.ofSeconds(60)), "readiness not up a minute after the database came back");
                report.note("readiness up again " + (sender.elapsedMillis() - backAt) + " ms after the database came back");

                sender.awaitLoadOver();
                verifier.awaitSettled(sender, report, Duration.ofSeconds(60), Duration.ofSeconds(60), Duration.ofMinutes(10));
                verifier.verify(sender, report, true);

                List<LoadSender.Answer> whileGone = sender.answers().stream()
                        .filter(answer -> answer.atMillis() >= goneAt && answer.answeredAtMillis() < backFrom).toList();
                long ok = whileGone.stream().filter(LoadSender.Answer::ok).count();
                long unavailable = whileGone.stream().filter(answer -> answer.status() == 503).count();
                long other = whileGone.size() - ok - unavailable;
                long firstAcceptedAfter = sender.answers().stream().filter(answer -> answer.atMillis() >= backAt && answer.ok())
                        .mapToLong(LoadSender.Answer::answeredAtMillis).min().orElse(-1);
                report.note("answers to requests sent while the database was gone: " + unavailable + " x 503, " + ok + " x 200, "
                        + other + " other; answer latency p50 " + DrillVerifier.percentile(whileGone, 0.5) + " ms, p99 "
                        + DrillVerifier.percentile(whileGone, 0.99) + " ms, max " + DrillVerifier.percentile(whileGone, 1) + " ms");
                report.note("first 200 for a request sent after the database came back: "
                        + (firstAcceptedAfter < 0 ? "none" : (firstAcceptedAfter - backAt) + " ms after"));
                report.check(unavailable > 0, "no request was answered while the database was gone: nothing was tested");
                report.check(ok == 0, ok + " requests answered 200 while the database was gone");
                report.check(other == 0, other + " requests answered neither 503 nor 200 while the database was gone");
                report.check(DrillVerifier.percentile(whileGone, 1) < VOBIZ_DEADLINE_MILLIS,
                        "a 503 took longer than Vobiz's 5 s deadline");
                report.check(firstAcceptedAfter >= 0, "no valid event accepted after the database came back");
                report.count("answered_503_while_gone", unavailable);
                report.count("answered_200_while_gone", ok);
                report.count("p99_503_ms", DrillVerifier.percentile(whileGone, 0.99));
                report.count("outage_s", outage);
            }
        } finally {
            if (stopped) {
                link.start();
            }
            if (proxy != null) {
                proxy.close();
            }
        }
        report.finish();
    }

    private static boolean becomes(URI readiness, int status, Duration atMost) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        try {
            await().atMost(atMost).pollInterval(Duration.ofMillis(250)).ignoreExceptions().until(() -> http.send(
                    HttpRequest.newBuilder(readiness).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == status);
            return true;
        } catch (ConditionTimeoutException e) {
            return false;
        }
    }

    private static DatabaseSwitch proxySwitch(TcpProxy proxy) {
        return new DatabaseSwitch() {
            @Override
            public String describe() {
                return "cut (TCP proxy between router and PostgreSQL)";
            }

            @Override
            public void stop() {
                proxy.cut();
            }

            @Override
            public void start() throws IOException {
                proxy.restore();
            }
        };
    }

    private static DatabaseSwitch commandSwitch(String stopCommand, String startCommand) {
        if (startCommand == null) {
            throw new IllegalArgumentException("drill.database.stop-command needs drill.database.start-command");
        }
        return new DatabaseSwitch() {
            @Override
            public String describe() {
                return "server stopped (" + stopCommand + ")";
            }

            @Override
            public void stop() throws Exception {
                run(stopCommand);
            }

            @Override
            public void start() throws Exception {
                run(startCommand);
            }
        };
    }

    private static void run(String command) throws Exception {
        Process process = new ProcessBuilder("bash", "-c", command).inheritIO().start();
        if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("command failed: " + command);
        }
    }
}
