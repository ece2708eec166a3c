package com.vobizrouter.drills;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;

import com.vobizrouter.testsupport.FakeBusinessSystems;
import com.vobizrouter.testsupport.Postgres;
import com.vobizrouter.testsupport.RequiresPostgres;
import com.vobizrouter.testsupport.RouterProcess;
import org.junit.jupiter.api.Test;

/**
 * Fault drill "kill-9": the router runs as its own JVM on a fresh PostgreSQL database, Salesforce
 * and Zendesk fakes answer in 100 ms (so deliveries are in flight), and signed events of all 7
 * types arrive steadily. Three times during the load the router is killed with SIGKILL and
 * started again; the sender, like Vobiz, sends again whatever got no 200. Afterwards every event
 * answered 200 accepted must be in the inbox and DONE, and every event's effect must be at its
 * sink exactly once (see {@link DrillVerifier}); Contact upserts repeated by redelivery are
 * counted, not failed, as Salesforce upserts by external id.
 *
 * <p>Short by default (CI); {@code bench/drill.sh kill-9} runs the long version. The lease is
 * 10 s instead of 5 min so that events a killed router had claimed are delivered again within
 * the drill.
 */
@RequiresPostgres
class KillNineDrillTest {

    private static final String SECRET = "whsec_drill_kill9";
    private static final int KILLS = 3;

    @Test
    void everyEventAnsweredAcceptedIsStoredAndReachesItsSinkOnceAcrossThreeKillNines() throws Exception {
        int seconds = DrillSettings.seconds(36);
        int rate = DrillSettings.rate(40);
        DrillReport report = new DrillReport("kill-9");
        Path logs = Files.createDirectories(Path.of("target", "drills", "kill-9-logs"));
        try (FakeBusinessSystems fakes = new FakeBusinessSystems()) {
            fakes.drillAnswers(100);
            String database = DrillSettings.freshDatabase("kill_9");
            Map<String, String> properties = new HashMap<>(fakes.routerProperties());
            properties.put("spring.datasource.url", database);
            properties.put("spring.datasource.username", Postgres.USER);
            properties.put("spring.datasource.password", Postgres.PASSWORD);
            properties.put("router.dispatch.lease", "10s");
            properties.put("router.dispatch.poll-interval", "100");
            DrillVerifier verifier = new DrillVerifier(database, Postgres.USER, Postgres.PASSWORD, fakes);
            report.note("load " + seconds + " s at " + rate + " events/s, " + KILLS + " kill -9, router logs in " + logs);

            AtomicReference<RouterProcess> router = new AtomicReference<>(RouterProcess.start(logs, SECRET, properties));
            LoadSender sender = new LoadSender(new DrillEvents(20), SECRET, 16, rate, Duration.ofSeconds(seconds),
                    (n, attempt) -> List.of(DrillSettings.webhook(router.get().port())));
            try {
                sender.start();
                long up = 0;
                for (int kill = 1; kill <= KILLS; kill++) {
                    // Spread over the load, at least 3 s of load on each fresh router, a random moment each time.
                    long at = Math.max(seconds * 1000L * kill / (KILLS + 1), up + 3000) + ThreadLocalRandom.current().nextLong(1000);
                    sender.awaitElapsed(at);
                    int exit = router.get().killHard();
                    report.note("kill " + kill + " at " + sender.elapsedMillis() / 1000.0 + " s (exit " + exit + ")");
                    report.check(exit == 137, "kill " + kill + ": the router exited " + exit + ", not by SIGKILL");
                    router.set(RouterProcess.start(logs, SECRET, properties));
                    up = sender.elapsedMillis();
                    report.note("restarted, intake answering at " + up / 1000.0 + " s");
                }
                sender.awaitLoadOver();
                report.check(sender.awaitAcknowledged(Duration.ofSeconds(60)), "events still without a 200 a minute after the load");
                report.check(verifier.awaitDispatchIdle(Duration.ofSeconds(90)), "inbox not drained 90 s after the load");
                verifier.verify(sender, report, true);
                report.count("kills", KILLS);
            } finally {
                sender.close();
                router.get().close();
            }
        }
        report.finish();
    }
}
