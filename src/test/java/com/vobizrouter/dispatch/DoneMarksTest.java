package com.vobizrouter.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.apache.camel.impl.DefaultCamelContext;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;
import com.vobizrouter.inbox.InboxEvent;
import com.vobizrouter.inbox.InboxStore;
import com.vobizrouter.inbox.SqlDialect;

/** Group commits of DONE marks: batching, per-event answers, failures, shutdown. */
class DoneMarksTest {

    private static final DefaultCamelContext CAMEL = new DefaultCamelContext();

    private final List<DoneMarks> opened = new ArrayList<>();

    @AfterEach
    void close() throws InterruptedException {
        for (DoneMarks marks : opened) {
            marks.close();
        }
    }

    @Test
    void marksQueuedWhileACommitRunsShareTheNextCommit() throws Exception {
        InboxStore inbox = mock(InboxStore.class);
        CountDownLatch firstCommitHeld = new CountDownLatch(1);
        CountDownLatch releaseFirstCommit = new CountDownLatch(1);
        List<Integer> batchSizes = new CopyOnWriteArrayList<>();
        when(inbox.markDone(anyList())).thenAnswer(call -> {
            List<?> events = call.getArgument(0);
            batchSizes.add(events.size());
            if (batchSizes.size() == 1) {
                firstCommitHeld.countDown();
                releaseFirstCommit.await(10, TimeUnit.SECONDS);
            }
            boolean[] marked = new boolean[events.size()];
            Arrays.fill(marked, true);
            return marked;
        });
        DoneMarks marks = open(inbox, 64);

        CompletableFuture<Boolean> first = CompletableFuture.supplyAsync(() -> marks.mark(event(0)));
        assertThat(firstCommitHeld.await(10, TimeUnit.SECONDS)).isTrue();
        List<CompletableFuture<Boolean>> waiting = IntStream.rangeClosed(1, 10)
                .mapToObj(i -> CompletableFuture.supplyAsync(() -> marks.mark(event(i)))).toList();
        await().atMost(Duration.ofSeconds(5)).until(() -> marks.queued() == 10);
        releaseFirstCommit.countDown();

        assertThat(first.get(10, TimeUnit.SECONDS)).isTrue();
        for (CompletableFuture<Boolean> mark : waiting) {
            assertThat(mark.get(10, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(batchSizes).containsExactly(1, 10);
    }

    @Test
    void eachWorkerLearnsWhetherItsOwnEventWasStillLeasedToIt() throws Exception {
        DriverManagerDataSource dataSource = new DriverManagerDataSource("jdbc:h2:mem:done_marks;DB_CLOSE_DELAY=-1", "sa", "");
        Flyway.configure().dataSource(dataSource).load().migrate();
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        jdbc.update("INSERT INTO inbox_event (event_id, event_type, received_at, status, next_attempt_at, payload) "
                + "VALUES ('evt_a', 'message.read', CURRENT_TIMESTAMP, 'PENDING', CURRENT_TIMESTAMP, '{}'), "
                + "('evt_b', 'message.read', CURRENT_TIMESTAMP, 'PENDING', CURRENT_TIMESTAMP, '{}'), "
                + "('evt_c', 'message.read', CURRENT_TIMESTAMP, 'PENDING', CURRENT_TIMESTAMP, '{}')");
        InboxStore inbox = new InboxStore(dataSource, new TransactionTemplate(new DataSourceTransactionManager(dataSource)),
                Clock.systemUTC(), SqlDialect.H2, null);
        List<InboxEvent> claimed = inbox.claim(3, Duration.ofMinutes(5));
        assertThat(claimed).hasSize(3);
        // Another instance took evt_b over after our lease ran out.
        jdbc.update("UPDATE inbox_event SET locked_by = 'another-instance' WHERE event_id = 'evt_b'");
        DoneMarks marks = open(inbox, 64);

        List<CompletableFuture<Boolean>> results = claimed.stream()
                .map(event -> CompletableFuture.supplyAsync(() -> marks.mark(event))).toList();

        for (int i = 0; i < claimed.size(); i++) {
            assertThat(results.get(i).get(10, TimeUnit.SECONDS)).as(claimed.get(i).eventId())
                    .isEqualTo(!claimed.get(i).eventId().equals("evt_b"));
        }
        assertThat(jdbc.queryForList("SELECT event_id FROM inbox_event WHERE status = 'DONE' ORDER BY event_id", String.class))
                .containsExactly("evt_a", "evt_c");
        assertThat(jdbc.queryForObject("SELECT status FROM inbox_event WHERE event_id = 'evt_b'", String.class)).isEqualTo("PENDING");
    }

    @Test
    void aFailedCommitFailsTheMarksInItAndLaterMarksAreWrittenAgain() {
        InboxStore inbox = mock(InboxStore.class);
        when(inbox.markDone(anyList()))
                .thenThrow(new DataAccessResourceFailureException("connection refused"))
                .thenReturn(new boolean[] {true});
        DoneMarks marks = open(inbox, 64);

        assertThatThrownBy(() -> marks.mark(event(1))).isInstanceOf(DataAccessResourceFailureException.class);
        assertThat(marks.mark(event(2))).isTrue();
    }

    @Test
    void afterCloseAMarkIsWrittenOnItsOwn() throws InterruptedException {
        InboxStore inbox = mock(InboxStore.class);
        InboxEvent event = event(1);
        when(inbox.markDone(event)).thenReturn(true);
        DoneMarks marks = new DoneMarks(CAMEL, inbox, 64);
        marks.start();
        marks.close();

        assertThat(marks.mark(event)).isTrue();
    }

    private DoneMarks open(InboxStore inbox, int maxBatch) {
        DoneMarks marks = new DoneMarks(CAMEL, inbox, maxBatch);
        marks.start();
        opened.add(marks);
        return marks;
    }

    private static InboxEvent event(int i) {
        return new InboxEvent(i, "evt_" + i, "message.read", "ch", null, Instant.now(), 0, "{}", "token");
    }
}
