package com.vobizrouter.drills;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.vobizrouter.dispatch.InboxDispatcher;
import com.vobizrouter.testsupport.FakeBusinessSystems;
import com.vobizrouter.testsupport.Postgres;
import com.vobizrouter.testsupport.RequiresPostgres;
import com.vobizrouter.testsupport.RouterInstance;
import com.vobizrouter.testsupport.WithFakeBusinessSystems;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Fault drill "two-instances": two routers share one fresh PostgreSQL database, as behind a load
 * balancer, and both intake and dispatch. Every event is sent to both at the same moment (which
 * one is asked first alternates, round robin), as when Vobiz's retry races its first attempt
 * through the balancer. Each event must be answered {@code accepted} by exactly one instance and
 * {@code duplicate} by the other, be stored once, and have its effect at its sink once: the two
 * dispatchers never deliver one event both, so here not even a Contact upsert may repeat.
 *
 * <p>Short by default (CI); {@code bench/drill.sh two-instances} runs the long version.
 */
@RequiresPostgres
@WithFakeBusinessSystems
@Tag("slow")
class TwoInstancesDrillTest {

    private static final String SECRET = "whsec_drill_two";

    @Test
    void eachEventSentToBothInstancesAtOnceIsAcceptedOnceAndTakesEffectOnce(FakeBusinessSystems fakes) throws Exception {
        int seconds = DrillSettings.seconds(12);
        int rate = DrillSettings.rate(40);
        DrillReport report = new DrillReport("two-instances");
        fakes.drillAnswers(20);
        String database = DrillSettings.freshDatabase("two_instances");
        Map<String, String> properties = DrillSettings.routerProperties(fakes, database);
        DrillSettings.zendeskPlanForTheLoad(properties);
        properties.put("router.webhook.secrets", SECRET);
        properties.put("logging.level.com.vobizrouter", "WARN");
        DrillVerifier verifier = new DrillVerifier(database, Postgres.USER, Postgres.PASSWORD, fakes);
        report.note("load " + seconds + " s at " + rate + " events/s, each event to both instances at once");

        try (RouterInstance first = RouterInstance.start(properties); RouterInstance second = RouterInstance.start(properties)) {
            URI a = DrillSettings.webhook(first.port());
            URI b = DrillSettings.webhook(second.port());
            try (LoadSender sender = new LoadSender(new DrillEvents(DrillSettings.conversations(rate)), SECRET, 16, rate, Duration.ofSeconds(seconds),
                    (n, attempt) -> (n + attempt) % 2 == 0 ? List.of(a, b) : List.of(b, a)).start()) {
                sender.awaitLoadOver();
                verifier.awaitSettled(sender, report, Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofMinutes(10));
                verifier.verify(sender, report, false);
                long pairs = sender.sent().stream().filter(sent -> sent.count("accepted") == 1 && sent.count("duplicate") >= 1).count();
                report.count("accepted_once_duplicate_once", pairs);
                report.check(pairs == sender.sent().size(), (sender.sent().size() - pairs)
                        + " events not answered accepted by one instance and duplicate by the other");
                long firstDelivered = first.bean(InboxDispatcher.class).delivered();
                long secondDelivered = second.bean(InboxDispatcher.class).delivered();
                report.count("delivered_by_first", firstDelivered);
                report.count("delivered_by_second", secondDelivered);
                report.check(firstDelivered > 0 && secondDelivered > 0, "one instance delivered nothing");
            }
        }
        report.finish();
    }
}
