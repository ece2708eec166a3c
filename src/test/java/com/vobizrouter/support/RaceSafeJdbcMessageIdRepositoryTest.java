package com.vobizrouter.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import com.vobizrouter.testsupport.Postgres;
import com.vobizrouter.testsupport.RequiresPostgres;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The race camel-sql 4.17 loses: two transactions add the same key; both count zero, and the
 * second insert waits for the first transaction, then hits the primary key. Pinned here: the
 * second {@code add} answers false (a duplicate) instead of throwing, and its own transaction
 * stays usable afterwards, which on PostgreSQL needs the savepoint.
 */
class RaceSafeJdbcMessageIdRepositoryTest {

    @Nested
    class OnH2 {
        @Test
        void theSecondOfTwoConcurrentAddsOfOneKeyAnswersDuplicateAndKeepsItsTransactionUsable() throws Exception {
            DriverManagerDataSource dataSource = new DriverManagerDataSource(
                    "jdbc:h2:mem:race-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=30000", "sa", "");
            race(dataSource);
        }
    }

    @Nested
    @RequiresPostgres
    class OnPostgres {
        @Test
        void theSecondOfTwoConcurrentAddsOfOneKeyAnswersDuplicateAndKeepsItsTransactionUsable() throws Exception {
            race(new DriverManagerDataSource(Postgres.newSchemaUrl("race"), Postgres.USER, Postgres.PASSWORD));
        }
    }

    private static void race(DataSource dataSource) throws Exception {
        Flyway.configure().dataSource(dataSource).load().migrate();
        DataSourceTransactionManager transactions = new DataSourceTransactionManager(dataSource);
        RaceSafeJdbcMessageIdRepository repository = new RaceSafeJdbcMessageIdRepository(dataSource, transactions, "race");
        repository.start();
        TransactionTemplate outer = new TransactionTemplate(transactions);
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);

        CountDownLatch firstAdded = new CountDownLatch(1);
        CountDownLatch firstMayCommit = new CountDownLatch(1);
        CompletableFuture<Boolean> first = CompletableFuture.supplyAsync(() -> outer.execute(status -> {
            boolean added = repository.add("evt_race");
            firstAdded.countDown();
            awaitRelease(firstMayCommit);
            return added;
        }));
        assertThat(firstAdded.await(10, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<Boolean> second = CompletableFuture.supplyAsync(() -> outer.execute(status -> {
            boolean added = repository.add("evt_race");
            // The transaction must still accept work after the lost race.
            jdbc.update("INSERT INTO CAMEL_MESSAGEPROCESSED (processorName, messageId, createdAt) VALUES ('race', 'evt_after', CURRENT_TIMESTAMP)");
            return added;
        }));
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> !second.isDone());

        firstMayCommit.countDown();

        assertThat(first.get(30, TimeUnit.SECONDS)).isTrue();
        assertThat(second.get(30, TimeUnit.SECONDS)).as("the losing copy is a duplicate, not an error").isFalse();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM CAMEL_MESSAGEPROCESSED WHERE messageId = 'evt_race'", Long.class)).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM CAMEL_MESSAGEPROCESSED WHERE messageId = 'evt_after'", Long.class)).isEqualTo(1);
        repository.stop();
    }

    private static void awaitRelease(CountDownLatch latch) {
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
