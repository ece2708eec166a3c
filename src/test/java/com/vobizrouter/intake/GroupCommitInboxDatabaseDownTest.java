package com.vobizrouter.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import com.vobizrouter.inbox.InboxWriter;
import com.vobizrouter.inbox.SqlDialect;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.support.processor.idempotent.MemoryIdempotentRepository;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.TransactionException;

/** The group commit when its database cannot be reached: every waiting event fails at once, none is called a duplicate. */
class GroupCommitInboxDatabaseDownTest {

    @Test
    void whenTheDatabaseIsDownEveryEventOfTheBatchFailsAndNoCopyIsCalledADuplicate() {
        DriverManagerDataSource unreachable = new DriverManagerDataSource("jdbc:postgresql://127.0.0.1:1/none", "x", "");
        GroupCommitInbox inbox = new GroupCommitInbox(GroupCommitInboxTest.CAMEL, new InboxWriter(unreachable, SqlDialect.POSTGRESQL, "test"),
                new DataSourceTransactionManager(unreachable), new MemoryIdempotentRepository(), "vobiz", 1, 64,
                Duration.ofSeconds(4), new SimpleMeterRegistry());

        List<CompletableFuture<Boolean>> answers =
                inbox.storeAsOneBatch(List.of(GroupCommitInboxTest.event("evt_a", "PENDING"), GroupCommitInboxTest.event("evt_a", "PENDING"), GroupCommitInboxTest.event("evt_b", "IGNORED")));

        for (CompletableFuture<Boolean> answer : answers) {
            // The types the intake route answers 503.
            assertThatThrownBy(() -> answer.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOfAny(DataAccessException.class, TransactionException.class);
        }
    }

    @Test
    void whenNoConnectionCanBeHadTheEventsQueuedBehindTheBatchFailAtOnceInsteadOfTryingAgain() throws Exception {
        CountDownLatch connecting = new CountDownLatch(1);
        CountDownLatch refuse = new CountDownLatch(1);
        java.util.concurrent.atomic.AtomicInteger attempts = new java.util.concurrent.atomic.AtomicInteger();
        DataSource slowToRefuse = new DriverManagerDataSource("jdbc:postgresql://127.0.0.1:1/none", "x", "") {
            @Override
            public java.sql.Connection getConnection() throws java.sql.SQLException {
                attempts.incrementAndGet();
                connecting.countDown();
                GroupCommitInboxTest.awaitRelease(refuse);
                throw new java.sql.SQLException("connection refused");
            }
        };
        GroupCommitInbox inbox = new GroupCommitInbox(GroupCommitInboxTest.CAMEL, new InboxWriter(slowToRefuse, SqlDialect.POSTGRESQL, "test"),
                new DataSourceTransactionManager(slowToRefuse), new MemoryIdempotentRepository(), "vobiz", 1, 64, Duration.ofSeconds(20),
                new SimpleMeterRegistry());
        inbox.start();
        ExecutorService senders = Executors.newFixedThreadPool(4);
        try {
            List<CompletableFuture<Boolean>> answers = new ArrayList<>();
            answers.add(CompletableFuture.supplyAsync(() -> inbox.add(GroupCommitInboxTest.event("evt_first", "PENDING"), "evt_first"), senders));
            assertThat(connecting.await(10, TimeUnit.SECONDS)).isTrue();
            for (String id : List.of("evt_b", "evt_c", "evt_d")) {
                answers.add(CompletableFuture.supplyAsync(() -> inbox.add(GroupCommitInboxTest.event(id, "PENDING"), id), senders));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> inbox.queued() == 3);

            refuse.countDown();

            for (CompletableFuture<Boolean> answer : answers) {
                assertThatThrownBy(() -> answer.get(10, TimeUnit.SECONDS)).cause()
                        .isInstanceOf(org.springframework.transaction.CannotCreateTransactionException.class);
            }
            assertThat(attempts.get()).as("connections tried").isEqualTo(1);
        } finally {
            senders.shutdownNow();
            inbox.stop();
        }
    }
}
