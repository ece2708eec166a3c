package com.vobizrouter.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import com.vobizrouter.testsupport.PostgresSchema;
import com.vobizrouter.testsupport.RequiresPostgres;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The done writer and the lease renewal each update many inbox rows in one transaction, and on a
 * busy instance they run at the same moment over the same events. Each takes its rows in id
 * order, whatever order it is handed them in, so one waits for the other instead of both waiting
 * for each other: PostgreSQL broke such a deadlock after its {@code deadlock_timeout} (1 s) by
 * failing one of the two, and every dispatch worker waiting on the done batch waited that second
 * (seen in the end-to-end benchmark's server log, and as a done mark's longest execution of 1 s).
 */
@RequiresPostgres
class InboxLockOrderTest {

    private static final int EVENTS = 200;
    private static final int ROUNDS = 15;

    @Test
    void markingEventsDoneWhileTheirLeasesAreRenewedInTheOppositeOrderNeverDeadlocks(PostgresSchema schema) throws Exception {
        DataSource dataSource = schema.dataSource();
        Flyway.configure().dataSource(dataSource).load().migrate();
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        InboxStore inbox = new InboxStore(dataSource, new TransactionTemplate(new DataSourceTransactionManager(dataSource)),
                Clock.systemUTC(), SqlDialect.POSTGRESQL, null);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < ROUNDS; round++) {
                jdbc.update("INSERT INTO inbox_event (event_id, event_type, received_at, status, next_attempt_at, payload) "
                        + "SELECT 'lock_' || ? || '_' || g, 'message.read', now(), 'PENDING', now() - interval '1 minute', '{}' "
                        + "FROM generate_series(1, ?) g", round, EVENTS);
                List<InboxEvent> ascending = new ArrayList<>(inbox.claim(EVENTS, Duration.ofMinutes(5)));
                ascending.sort(Comparator.comparingLong(InboxEvent::id));
                List<InboxEvent> descending = new ArrayList<>(ascending);
                Collections.reverse(descending);
                CyclicBarrier together = new CyclicBarrier(2);

                Future<Integer> renewed = threads.submit(() -> {
                    together.await();
                    return inbox.renew(ascending, Duration.ofMinutes(5));
                });
                Future<boolean[]> marked = threads.submit(() -> {
                    together.await();
                    return inbox.markDone(descending);
                });

                assertThat(renewed.get(30, TimeUnit.SECONDS)).as("leases renewed in round " + round).isBetween(0, EVENTS);
                assertThat(marked.get(30, TimeUnit.SECONDS)).as("events marked done in round " + round).hasSize(EVENTS)
                        .containsOnly(true);
            }
        } finally {
            threads.shutdownNow();
        }
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM inbox_event WHERE status = 'DONE'", Integer.class))
                .isEqualTo(EVENTS * ROUNDS);
    }

    @Test
    void eachDoneMarkAnswersForTheEventAtItsOwnPositionWhateverOrderTheyCameIn(PostgresSchema schema) {
        DataSource dataSource = schema.dataSource();
        Flyway.configure().dataSource(dataSource).load().migrate();
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        InboxStore inbox = new InboxStore(dataSource, new TransactionTemplate(new DataSourceTransactionManager(dataSource)),
                Clock.systemUTC(), SqlDialect.POSTGRESQL, null);
        jdbc.update("INSERT INTO inbox_event (event_id, event_type, received_at, status, next_attempt_at, payload) "
                + "SELECT 'order_' || g, 'message.read', now(), 'PENDING', now() - interval '1 minute', '{}' FROM generate_series(1, 5) g");
        List<InboxEvent> claimed = new ArrayList<>(inbox.claim(5, Duration.ofMinutes(5)));
        claimed.sort(Comparator.comparingLong(InboxEvent::id).reversed());
        // The second newest lost its lease to another instance meanwhile.
        jdbc.update("UPDATE inbox_event SET locked_by = 'another-instance' WHERE id = ?", claimed.get(1).id());

        boolean[] marked = inbox.markDone(claimed);

        assertThat(marked).containsExactly(true, false, true, true, true);
        assertThat(jdbc.queryForObject("SELECT status FROM inbox_event WHERE id = ?", String.class, claimed.get(1).id()))
                .isEqualTo("PENDING");
    }
}
