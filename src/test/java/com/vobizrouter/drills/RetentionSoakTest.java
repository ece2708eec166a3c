package com.vobizrouter.drills;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.vobizrouter.testsupport.FakeBusinessSystems;
import com.vobizrouter.testsupport.Postgres;
import com.vobizrouter.testsupport.RequiresPostgres;
import com.vobizrouter.testsupport.RouterInstance;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The short soak: a router on PostgreSQL under steady load, with retentions and purge intervals
 * of seconds, every event delivered to the Salesforce and Zendesk fakes and the database. The
 * rows of inbox_event, vobiz_event and CAMEL_MESSAGEPROCESSED must stop growing once the
 * retention has passed: never more than {@code rate × (retention + interval) × 2 + 100}, well
 * below what the load sends, and the log has no ERROR line. {@code bash bench/soak.sh} runs the
 * hour-long version (retentions and interval of minutes, heap and RSS too).
 */
@Tag("slow")
@RequiresPostgres
@ExtendWith(OutputCaptureExtension.class)
class RetentionSoakTest {

    private static final String SECRET = "whsec_soak";
    private static final int RETENTION_SECONDS = 4;
    private static final int INTERVAL_SECONDS = 2;
    private static final List<String> TABLES = List.of("inbox_event", "vobiz_event", "CAMEL_MESSAGEPROCESSED");

    /** Row counts of {@link #TABLES} {@code atMillis} after the load started. */
    private record Sample(long atMillis, List<Long> rows) {
    }

    @Test
    void theInboxAnalyticsAndIdempotencyKeysStopGrowingUnderSteadyLoad(CapturedOutput output) throws Exception {
        int seconds = Integer.getInteger("soak.seconds", 30);
        int rate = Integer.getInteger("soak.rate", 20);
        long bound = (long) rate * (RETENTION_SECONDS + INTERVAL_SECONDS) * 2 + 100;
        long settled = (RETENTION_SECONDS + 2L * INTERVAL_SECONDS + 3) * 1000;
        List<Sample> samples = new CopyOnWriteArrayList<>();
        try (FakeBusinessSystems fakes = new FakeBusinessSystems()) {
            fakes.drillAnswers(20);
            String database = DrillSettings.freshDatabase("soak");
            Map<String, String> properties = DrillSettings.routerProperties(fakes, database);
            properties.put("router.webhook.secrets", SECRET);
            properties.put("router.dispatch.poll-interval", "100");
            properties.put("router.retention.initial-delay", "1s");
            properties.put("router.retention.purge-interval", INTERVAL_SECONDS + "s");
            properties.put("router.dedup.purge-interval", INTERVAL_SECONDS + "s");
            properties.put("router.retention.inbox", RETENTION_SECONDS + "s");
            properties.put("router.retention.vobiz-event", RETENTION_SECONDS + "s");
            properties.put("router.retention.vobiz-retry-window", RETENTION_SECONDS + "s");
            properties.put("router.dedup.retention", RETENTION_SECONDS + "s");
            // Shorter than the retention, as start-up requires; each event is timed as it is sent.
            properties.put("router.webhook.max-event-age", (RETENTION_SECONDS - 1) + "s");
            properties.put("logging.level.root", "WARN");
            JdbcTemplate jdbc = new JdbcTemplate(new DriverManagerDataSource(database, Postgres.USER, Postgres.PASSWORD));

            try (RouterInstance router = RouterInstance.start(properties);
                 LoadSender sender = new LoadSender(new DrillEvents(DrillSettings.conversations(rate)), SECRET, 8, rate,
                         Duration.ofSeconds(seconds), (n, attempt) -> List.of(DrillSettings.webhook(router.port()))).start()) {
                ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
                sampler.scheduleAtFixedRate(() -> samples.add(new Sample(sender.elapsedMillis(),
                        TABLES.stream().map(table -> jdbc.queryForObject("SELECT COUNT(*) FROM " + table, Long.class)).toList())),
                        0, 1, TimeUnit.SECONDS);
                sender.awaitLoadOver();
                sampler.shutdown();
                assertThat(sampler.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
                long sent = sender.sent().size();
                System.out.println("soak: " + sent + " events sent in " + seconds + " s; rows of " + TABLES + " per second: "
                        + samples.stream().map(sample -> sample.atMillis() / 1000 + "s " + sample.rows()).toList());
                assertThat(sent).as("the load sends more than the bound, so an unpurged table would cross it").isGreaterThan(bound);
            }
        }
        List<Sample> afterRetention = samples.stream().filter(sample -> sample.atMillis() >= settled).toList();
        assertThat(afterRetention).as("samples after the retention has passed").hasSizeGreaterThan(5);
        for (int t = 0; t < TABLES.size(); t++) {
            int table = t;
            assertThat(afterRetention).as(TABLES.get(t) + " rows stay under " + bound)
                    .allSatisfy(sample -> assertThat(sample.rows().get(table)).isLessThanOrEqualTo(bound));
        }
        assertThat(output.getAll().lines().filter(line -> line.contains(" ERROR ")).toList()).as("ERROR lines").isEmpty();
    }
}
