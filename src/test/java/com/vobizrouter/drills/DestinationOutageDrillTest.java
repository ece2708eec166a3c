package com.vobizrouter.drills;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.vobizrouter.testsupport.FakeBusinessSystems;
import com.vobizrouter.testsupport.Postgres;
import com.vobizrouter.testsupport.RequiresPostgres;
import com.vobizrouter.testsupport.RouterInstance;
import com.vobizrouter.testsupport.WithFakeBusinessSystems;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Fault drills of one destination among several, with production defaults: under steady load the
 * {@code http} destination {@code drillhook} (subscribed to every event) fails for the outage
 * window while Salesforce, Zendesk and the router's tables stay up, then recovers; once answering
 * 503, once a storm of 429s with {@code Retry-After}. The healthy destinations must never be
 * slowed by the failing one: every event answered at least {@value #KEPT_UP_MILLIS} ms before the
 * outage ends is already in the analytics table and, for a customer message, commented in
 * Zendesk when it ends. After recovery every event reaches every destination once: nothing lost,
 * nothing doubled, no dead letter. The 429s pause the destination on every instance without
 * spending attempts: its deliveries end with no failed attempt counted, and it is asked far fewer
 * times than once per waiting event and second.
 *
 * <p>Short by default (10 s outage, CI); {@code bench/drill.sh destination-outage} and
 * {@code destination-429} run a 60 s one.
 */
@RequiresPostgres
@WithFakeBusinessSystems
@Tag("slow")
class DestinationOutageDrillTest {

    private static final String SECRET = "whsec_drill_destination";
    private static final long WARM_UP_MILLIS = 3000;
    /** What "not slowed" allows: an event answered this long before the outage ends is at its healthy destinations. */
    private static final long KEPT_UP_MILLIS = 3000;

    @Test
    void theOtherDestinationsKeepUpWhileOneAnswers503AndItGetsEveryEventOnceAfter(FakeBusinessSystems fakes) throws Exception {
        drill("destination-outage", fakes, 503, null);
    }

    @Test
    void aStormOfTooManyRequestsPausesOnlyThatDestinationAndSpendsNoAttempt(FakeBusinessSystems fakes) throws Exception {
        drill("destination-429", fakes, 429, "2");
    }

    private static void drill(String name, FakeBusinessSystems fakes, int status, String retryAfter) throws Exception {
        int outage = DrillSettings.outageSeconds(10);
        int seconds = Math.max(DrillSettings.seconds(24), outage + 14);
        int rate = DrillSettings.rate(40);
        long outageStart = WARM_UP_MILLIS + (seconds * 1000L - WARM_UP_MILLIS - outage * 1000L) / 2;
        long outageEnd = outageStart + outage * 1000L;
        DrillReport report = new DrillReport(name);
        fakes.drillAnswers(20);
        String database = DrillSettings.freshDatabase(name);
        Map<String, String> properties = DrillSettings.routerProperties(fakes, database);
        DrillSettings.zendeskPlanForTheLoad(properties);
        properties.put("router.webhook.secrets", SECRET);
        properties.put("logging.level.com.vobizrouter.dispatch", "ERROR");
        DrillVerifier verifier = new DrillVerifier(database, Postgres.USER, Postgres.PASSWORD, fakes);
        report.note("load " + seconds + " s at " + rate + " events/s; drillhook answers " + status
                + (retryAfter == null ? "" : " with Retry-After " + retryAfter) + " from " + outageStart / 1000.0 + " s to "
                + outageEnd / 1000.0 + " s; Salesforce, Zendesk and the tables stay up");

        try (RouterInstance router = RouterInstance.start(properties);
             LoadSender sender = new LoadSender(new DrillEvents(DrillSettings.conversations(rate)), SECRET, 16, rate, Duration.ofSeconds(seconds),
                     (n, attempt) -> List.of(DrillSettings.webhook(router.port()))).start()) {
            sender.awaitElapsed(outageStart);
            FakeBusinessSystems.Outage down = fakes.hookAnswers(status, retryAfter);
            sender.awaitElapsed(outageEnd);
            long behind = behindAtHealthyDestinations(sender, verifier, fakes, outageEnd - KEPT_UP_MILLIS);
            down.end();
            report.note("load average when the outage ended: " + loadAverage());
            report.check(behind == 0, behind + " events answered more than " + KEPT_UP_MILLIS / 1000 + " s before the outage ended were "
                    + "not yet at a healthy destination: the failing one held them back");
            sender.awaitLoadOver();
            verifier.awaitSettled(sender, report, Duration.ofSeconds(30), Duration.ofSeconds(30 + 2L * outage), Duration.ofMinutes(10));
            verifier.verify(sender, report, false);
            long refused = fakes.hookAnswered(status);
            report.check(refused > 0, "drillhook was not called during the outage: nothing was tested");
            report.count("hook_answers_" + status, refused);
            report.count("behind_at_healthy_destinations", behind);
            report.count("outage_s", outage);
            if (status == 429) {
                long counted = verifier.jdbc().queryForObject("SELECT COALESCE(SUM(attempts), 0) FROM delivery WHERE destination = 'drillhook'",
                        Long.class);
                report.check(counted == 0, counted + " failed attempts counted for drillhook: a 429 must spend none");
                verifier.jdbc().queryForList("SELECT reason, COUNT(*) AS n FROM delivery_attempt WHERE sink = 'drillhook' GROUP BY reason")
                        .forEach(row -> report.note("drillhook attempts counted, " + row.get("n") + " times: " + row.get("reason")));
                long waiting = (long) rate * outage;
                report.check(refused < waiting, refused + " requests answered 429 for " + waiting
                        + " events of the storm: the destination was not paused");
                report.count("hook_attempts_counted", counted);
            }
        }
        report.finish();
    }

    private static String loadAverage() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim();
        } catch (java.io.IOException | RuntimeException unknown) {
            return "unknown";
        }
    }

    /**
     * Events answered accepted before {@code sentBefore} (ms into the load) missing from the
     * analytics table or, for a customer message, from Zendesk: what the failing destination held back.
     */
    private static long behindAtHealthyDestinations(LoadSender sender, DrillVerifier verifier, FakeBusinessSystems fakes, long sentBefore) {
        Set<String> analytics = new HashSet<>(verifier.jdbc().queryForList("SELECT event_id FROM vobiz_event", String.class));
        Map<String, Integer> comments = fakes.zendesk().commentsPerMessage();
        long behind = 0;
        for (LoadSender.Sent sent : sender.sent()) {
            long accepted = sent.answers().stream().filter(LoadSender.Answer::ok).mapToLong(LoadSender.Answer::answeredAtMillis).min().orElse(Long.MAX_VALUE);
            if (accepted < sentBefore && sent.count("accepted") > 0) {
                boolean missing = !analytics.contains("vobiz:" + sent.event.id())
                        || "message.received".equals(sent.event.type()) && comments.getOrDefault(sent.event.messageId(), 0) == 0;
                behind += missing ? 1 : 0;
            }
        }
        return behind;
    }
}
