package com.vobizrouter.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import com.vobizrouter.testsupport.OnPostgres;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/** {@link GroupCommitInboxTest} on PostgreSQL, and two instances committing the same events there. */
@OnPostgres
class PostgresGroupCommitInboxTest extends GroupCommitInboxTest {

    @Test
    void twoInstancesWritingTheSameEventsInDifferentOrdersStoreEachExactlyOnce() throws Exception {
        DataSource dataSource = database;
        GroupCommitInbox one = inbox(dataSource, 2);
        GroupCommitInbox other = inbox(dataSource, 2);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            ids.add("evt_both_" + i);
        }
        List<String> shuffled = new ArrayList<>(ids);
        Collections.shuffle(shuffled);
        ExecutorService senders = Executors.newFixedThreadPool(32);
        try {
            List<CompletableFuture<Boolean>> answers = new ArrayList<>();
            for (int i = 0; i < ids.size(); i++) {
                String first = ids.get(i);
                String second = shuffled.get(i);
                answers.add(CompletableFuture.supplyAsync(() -> one.add(event(first, "PENDING"), first), senders));
                answers.add(CompletableFuture.supplyAsync(() -> other.add(event(second, "PENDING"), second), senders));
            }
            long newKeys = 0;
            for (CompletableFuture<Boolean> answer : answers) {
                newKeys += answer.get(60, TimeUnit.SECONDS) ? 1 : 0;
            }
            assertThat(newKeys).as("each event is new for exactly one of the two instances").isEqualTo(300);
            JdbcTemplate jdbc = new JdbcTemplate(dataSource);
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM inbox_event", Long.class)).isEqualTo(300);
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM CAMEL_MESSAGEPROCESSED", Long.class)).isEqualTo(300);
        } finally {
            senders.shutdownNow();
            one.stop();
            other.stop();
        }
    }
}
