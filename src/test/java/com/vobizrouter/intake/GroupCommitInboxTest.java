package com.vobizrouter.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import com.vobizrouter.inbox.InboxWriter;
import com.vobizrouter.inbox.SqlDialect;
import com.vobizrouter.testsupport.TestDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.apache.camel.support.processor.idempotent.MemoryIdempotentRepository;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The group commit's rules, on H2 and PostgreSQL with the real migrations: copies of one event in
 * a batch, a row the database refuses, a copy committed by another instance while a batch is being
 * written (camel-sql 4.17's count-then-insert race), a database that is down, and many threads
 * adding one event through the writers. Run by {@link H2GroupCommitInboxTest} and
 * {@link PostgresGroupCommitInboxTest}, each on an empty database of its own; a database that is
 * down by {@link GroupCommitInboxDatabaseDownTest}.
 */
abstract class GroupCommitInboxTest {

    static final DefaultCamelContext CAMEL = new DefaultCamelContext();

    /** The test's empty database, migrated. */
    DataSource database;

    @BeforeEach
    void migrate(TestDatabase empty) {
        database = empty.migrated().dataSource();
    }

    @Test
    void copiesOfOneEventInOneBatchStoreItOnceAndTheLaterCopiesAreDuplicates() {
        copiesInOneBatch(database);
    }

    @Test
    void aRowTheDatabaseRefusesFailsAloneAndTheRestOfItsBatchIsStored() {
        refusedRow(database);
    }

    @Test
    void aCopyCommittedElsewhereDuringTheBatchMakesThisCopyADuplicateAndTheOthersAreStored() throws Exception {
        raceWithAnotherWriter(database);
    }

    @Test
    void manyThreadsAddingOneEventGetExactlyOneNewKey() throws Exception {
        manyThreads(database);
    }

    private static void copiesInOneBatch(DataSource dataSource) {
        GroupCommitInbox inbox = inbox(dataSource, 1);

        List<CompletableFuture<Boolean>> answers = inbox.storeAsOneBatch(List.of(
                event("evt_copy", "PENDING"), event("evt_copy", "PENDING"), event("evt_other", "IGNORED")));

        assertThat(answers).extracting(CompletableFuture::join).containsExactly(true, false, true);
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        assertThat(jdbc.queryForList("SELECT event_id || ':' || status FROM inbox_event ORDER BY event_id", String.class))
                .containsExactly("evt_copy:PENDING", "evt_other:IGNORED");
        assertThat(inbox.storeAsOneBatch(List.of(event("evt_copy", "PENDING"))).get(0).join())
                .as("a key stored by an earlier batch").isFalse();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM CAMEL_MESSAGEPROCESSED WHERE messageId = 'evt_copy'", Long.class))
                .isEqualTo(1);
    }

    private static void refusedRow(DataSource dataSource) {
        GroupCommitInbox inbox = inbox(dataSource, 1);
        Exchange refused = event("evt_refused", "PENDING");
        refused.setProperty("eventType", null);

        List<CompletableFuture<Boolean>> answers = inbox.storeAsOneBatch(List.of(
                event("evt_fine_1", "PENDING"), refused, event("evt_fine_2", "PENDING")));

        assertThat(answers.get(0).join()).isTrue();
        assertThat(answers.get(2).join()).isTrue();
        assertThatThrownBy(() -> answers.get(1).get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(DataIntegrityViolationException.class);
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        assertThat(jdbc.queryForList("SELECT event_id FROM inbox_event ORDER BY event_id", String.class))
                .containsExactly("evt_fine_1", "evt_fine_2");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM CAMEL_MESSAGEPROCESSED WHERE messageId = 'evt_refused'", Long.class))
                .as("no key without its event").isZero();
    }

    private static void raceWithAnotherWriter(DataSource dataSource) throws Exception {
        GroupCommitInbox inbox = inbox(dataSource, 1);
        DataSourceTransactionManager transactions = new DataSourceTransactionManager(dataSource);
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        CountDownLatch keyWritten = new CountDownLatch(1);
        CountDownLatch mayCommit = new CountDownLatch(1);
        CompletableFuture<Void> elsewhere = CompletableFuture.runAsync(() -> new TransactionTemplate(transactions).executeWithoutResult(status -> {
            jdbc.update("INSERT INTO CAMEL_MESSAGEPROCESSED (processorName, messageId, createdAt) VALUES ('test', 'evt_race', CURRENT_TIMESTAMP)");
            keyWritten.countDown();
            awaitRelease(mayCommit);
        }));
        assertThat(keyWritten.await(10, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<List<Boolean>> batch = CompletableFuture.supplyAsync(() -> inbox.storeAsOneBatch(
                List.of(event("evt_before", "PENDING"), event("evt_race", "PENDING"), event("evt_after", "PENDING")))
                .stream().map(CompletableFuture::join).toList());
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> !batch.isDone());
        mayCommit.countDown();
        elsewhere.get(30, TimeUnit.SECONDS);

        assertThat(batch.get(30, TimeUnit.SECONDS)).containsExactly(true, false, true);
        assertThat(jdbc.queryForList("SELECT event_id FROM inbox_event ORDER BY event_id", String.class))
                .containsExactly("evt_after", "evt_before");
    }

    private static void manyThreads(DataSource dataSource) throws Exception {
        GroupCommitInbox inbox = inbox(dataSource, 2);
        ExecutorService senders = Executors.newFixedThreadPool(16);
        try {
            List<CompletableFuture<Boolean>> answers = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                answers.add(CompletableFuture.supplyAsync(() -> inbox.add(event("evt_many", "PENDING"), "evt_many"), senders));
            }
            long newKeys = 0;
            for (CompletableFuture<Boolean> answer : answers) {
                newKeys += answer.get(30, TimeUnit.SECONDS) ? 1 : 0;
            }
            assertThat(newKeys).isEqualTo(1);
            assertThat(new JdbcTemplate(dataSource).queryForObject("SELECT COUNT(*) FROM inbox_event", Long.class)).isEqualTo(1);
        } finally {
            senders.shutdownNow();
            inbox.stop();
        }
    }

    static GroupCommitInbox inbox(DataSource dataSource, int writers) {
        SqlDialect dialect;
        try {
            dialect = SqlDialect.of(dataSource);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        GroupCommitInbox inbox = new GroupCommitInbox(CAMEL, new InboxWriter(dataSource, dialect, "test"),
                new DataSourceTransactionManager(dataSource), new MemoryIdempotentRepository(), "vobiz", writers, 64,
                Duration.ofSeconds(20), new SimpleMeterRegistry());
        inbox.start();
        return inbox;
    }

    static Exchange event(String id, String status) {
        Exchange exchange = new DefaultExchange(CAMEL);
        exchange.setProperty("eventId", id);
        exchange.setProperty("eventType", "message.received");
        exchange.setProperty("channelId", "ch_1");
        exchange.setProperty("eventTimestamp", "2026-11-29T10:00:00Z");
        exchange.setProperty(IntakeKeys.INBOX_STATUS, status);
        exchange.getIn().setBody("{\"event_id\":\"" + id + "\"}");
        return exchange;
    }

    static void awaitRelease(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("latch not released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
