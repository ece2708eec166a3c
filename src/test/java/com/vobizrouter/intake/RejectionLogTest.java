package com.vobizrouter.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.impl.DefaultCamelContext;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import com.vobizrouter.inbox.SqlDialect;

/**
 * Pins the rejection log's bounds without a router: a caller never waits for the database, what
 * the queue cannot hold is dropped and counted, and after every batch the table holds at most the
 * newest {@code max} rows. On an H2 database with the Flyway schema.
 */
class RejectionLogTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final DefaultCamelContext camel = new DefaultCamelContext();
    private JdbcDataSource database;
    private JdbcTemplate jdbc;
    private RejectionLog log;

    @BeforeEach
    void schema() {
        database = new JdbcDataSource();
        database.setURL("jdbc:h2:mem:rejections-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        Flyway.configure().dataSource(database).load().migrate();
        jdbc = new JdbcTemplate(database);
        camel.start();
    }

    @AfterEach
    void stop() {
        if (log != null) {
            log.stop();
        }
        camel.stop();
    }

    @Test
    void eachBatchLeavesOnlyTheNewestRowsUpToTheCap() {
        log = started(database, 5);

        for (int i = 0; i < 12; i++) {
            log.record("vobiz", "192.0.2.1", 401, "bad_signature", "refusal " + i, null);
            int recorded = i;
            await().atMost(Duration.ofSeconds(10)).until(() -> log.pending() == 0);
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM rejected_request", Long.class)).as("after refusal " + recorded)
                    .isLessThanOrEqualTo(5);
        }

        assertThat(jdbc.queryForList("SELECT detail FROM rejected_request ORDER BY id", String.class))
                .containsExactly("refusal 7", "refusal 8", "refusal 9", "refusal 10", "refusal 11");
    }

    @Test
    void whileTheDatabaseIsStuckCallersReturnAtOnceAndWhatTheQueueCannotHoldIsDroppedAndCounted() throws Exception {
        CountDownLatch stuck = new CountDownLatch(1);
        DataSource stuckDatabase = new DelegatingDataSource(database) {
            @Override
            public Connection getConnection() throws SQLException {
                try {
                    stuck.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return super.getConnection();
            }
        };
        log = started(stuckDatabase, 300);
        int refusals = RejectionLog.QUEUE_CAPACITY + RejectionLog.MAX_BATCH + 500;

        long start = System.nanoTime();
        for (int i = 0; i < refusals; i++) {
            log.record("vobiz", "192.0.2.1", 401, "bad_signature", "refusal " + i, new byte[] {'{'});
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        double dropped = meters.counter("vobiz.rejections.dropped").count();
        stuck.countDown();

        assertThat(millis).as("ms for all the refusals, the database stuck").isLessThan(2000);
        assertThat(dropped).as("dropped while the queue was full").isGreaterThanOrEqualTo(500);
        await().atMost(Duration.ofSeconds(20)).until(() -> log.pending() == 0);
        long written = jdbc.queryForObject("SELECT COALESCE(MAX(id), 0) FROM rejected_request", Long.class);
        assertThat(written + (long) meters.counter("vobiz.rejections.dropped").count()).isEqualTo(refusals);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM rejected_request", Long.class)).isLessThanOrEqualTo(300);
    }

    private RejectionLog started(DataSource dataSource, int max) {
        RejectionLog started = new RejectionLog(camel, dataSource, new DataSourceTransactionManager(dataSource), Clock.systemUTC(), SqlDialect.H2,
                max, meters);
        started.start();
        return started;
    }
}
