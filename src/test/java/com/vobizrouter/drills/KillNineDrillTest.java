package com.vobizrouter.drills;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;

import com.vobizrouter.testsupport.FakeBusinessSystems;
import com.vobizrouter.testsupport.Postgres;
import com.vobizrouter.testsupport.RequiresPostgres;
import com.vobizrouter.testsupport.RouterProcess;
import com.vobizrouter.testsupport.WithFakeBusinessSystems;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Fault drill "kill-9": the router runs as its own JVM on a fresh PostgreSQL database, Salesforce
 * and Zendesk fakes answer in 200 ms (so deliveries are in flight), and signed events of all 7
 * types arrive steadily. Three times during the load the router is killed with SIGKILL and
 * started again, at a random moment of its life, and events keep arriving on every life; the
 * sender, like Vobiz, sends again whatever got no 200. Afterwards every event
 * answered 200 accepted must be in the inbox and DONE, and every event's effect must be at its
 * sink exactly once (see {@link DrillVerifier}); Contact upserts repeated by redelivery are
 * counted, not failed, as Salesforce upserts by external id.
 *
 * <p>Short by default (CI); {@code bench/drill.sh kill-9} runs the long version
 * ({@code drill.seconds} is the load time over the four router lives). The router runs with the
 * production lease (30 s): after the last restart, every event acknowledged before that kill
 * must have reached its sinks within 60 s of the router answering again, and the drill reports
 * how long that took. Each life is a new instance (another port, so another name) unless
 * {@code drill.restart=same}: then every life runs under one {@code router.dispatch.instance-id},
 * as a supervisor restarts a router, and takes back its earlier life's events at once instead of
 * after the lease. The router JVM compiles with C1 only, to restart sooner, which changes nothing that
 * is checked.
 */
@RequiresPostgres
@WithFakeBusinessSystems
@Tag("slow")
class KillNineDrillTest {

    private static final String SECRET = "whsec_drill_kill9";
    private static final int KILLS = 3;

    @Test
    void everyEventAnsweredAcceptedIsStoredAndReachesItsSinkOnceAcrossThreeKillNines(FakeBusinessSystems fakes) throws Exception {
        int seconds = DrillSettings.seconds(16);
        int rate = DrillSettings.rate(40);
        // Load time of each router life: the first, each one after a restart, and as much after the last.
        long life = seconds * 1000L / (KILLS + 1);
        DrillReport report = new DrillReport("kill-9");
        Path logs = Files.createDirectories(Path.of("target", "drills", "kill-9-logs"));
        fakes.drillAnswers(200);
        String database = DrillSettings.freshDatabase("kill_9");
        Map<String, String> properties = DrillSettings.routerProperties(fakes, database);
        DrillSettings.zendeskPlanForTheLoad(properties);
        boolean sameInstance = "same".equals(System.getProperty("drill.restart", "new"));
        if (sameInstance) {
            properties.put("router.dispatch.instance-id", "drill-router");
        }
        DrillVerifier verifier = new DrillVerifier(database, Postgres.USER, Postgres.PASSWORD, fakes);
        report.note("load at " + rate + " events/s for " + life / 1000.0 + " s on each of " + (KILLS + 1)
                + " router lives, kill -9 between them, each restart " + (sameInstance ? "the same instance" : "a new instance")
                + "; router logs in " + logs);

        AtomicReference<RouterProcess> router = new AtomicReference<>(start(logs, properties));
        LoadSender sender = new LoadSender(new DrillEvents(DrillSettings.conversations(rate)), SECRET, 16, rate, Duration.ofHours(1),
                (n, attempt) -> List.of(DrillSettings.webhook(router.get().port())));
        try {
            sender.start();
            long up = 0;
            List<Instant[]> restarts = new ArrayList<>();
            for (int kill = 1; kill <= KILLS; kill++) {
                // A random moment in the last third of the router's life, so kills land at different points of work.
                sender.awaitElapsed(up + life * 2 / 3 + ThreadLocalRandom.current().nextLong(Math.max(1, life / 3)));
                Instant killedAt = Instant.now();
                int exit = router.get().killHard();
                report.note("kill " + kill + " at " + sender.elapsedMillis() / 1000.0 + " s (exit " + exit + ")");
                report.check(exit == 137, "kill " + kill + ": the router exited " + exit + ", not by SIGKILL");
                router.set(start(logs, properties));
                restarts.add(new Instant[] {killedAt, Instant.now()});
                up = sender.elapsedMillis();
                report.note("restarted, intake answering at " + up / 1000.0 + " s");
            }
            sender.awaitElapsed(up + life);
            sender.endLoad();
            sender.awaitLoadOver();
            verifier.awaitSettled(sender, report, Duration.ofSeconds(60), Duration.ofSeconds(60), Duration.ofMinutes(10));
            verifier.verify(sender, report, true);
            // After the last restart nothing kills the router again: every event received before that
            // kill must reach its sinks within 60 s of the router answering (earlier lives were cut short
            // by the next kill, so their events may have been taken and lost again).
            Instant[] last = restarts.get(restarts.size() - 1);
            Timestamp delivered = verifier.jdbc().queryForObject("SELECT MAX(dispatched_at) FROM inbox_event WHERE received_at < ?",
                    Timestamp.class, Timestamp.from(last[0]));
            double recovery = delivered == null ? 0 : Math.max(0, Duration.between(last[1], delivered.toInstant()).toMillis() / 1000.0);
            report.count("last_restart_to_earlier_events_delivered_s", recovery);
            report.check(recovery <= 60, "events acknowledged before the last kill took " + recovery
                    + " s after the restart to reach their sinks (at most 60 s)");
            report.count("kills", KILLS);
        } finally {
            sender.close();
            router.get().close();
        }
        report.finish();
    }

    /** C1 only: the router restarts in about two thirds of the time, which is what this drill waits for most. */
    private static RouterProcess start(Path logs, Map<String, String> properties) throws Exception {
        return RouterProcess.start(logs, SECRET, properties, List.of("-XX:TieredStopAtLevel=1"));
    }
}
