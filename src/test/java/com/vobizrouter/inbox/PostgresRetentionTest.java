package com.vobizrouter.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;

import com.vobizrouter.testsupport.OnPostgres;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The retention purge on PostgreSQL, where each batch deletes the rows it picked by ctid. */
@OnPostgres
class PostgresRetentionTest extends RetentionTest {

    /**
     * This machine's PostgreSQL runs without autovacuum, so tables may never get statistics: a
     * batch must still read the next rows in index order and find them by ctid, never sort or
     * scan the whole table (without the batch's planner settings, 50,000 keys were read whole
     * and sorted for every batch).
     */
    @Test
    void aBatchWalksTheAgeIndexInOrderOnTablesThatHaveNoStatistics() {
        jdbc.update("INSERT INTO inbox_event (event_id, event_type, received_at, status, next_attempt_at, payload) "
                + "SELECT 'plan_' || g, 'message.read', now() - interval '30 days', 'DONE', now(), repeat('x', 300) "
                + "FROM generate_series(1, 50000) g");
        jdbc.update("INSERT INTO CAMEL_MESSAGEPROCESSED (processorName, messageId, createdAt) "
                + "SELECT 'vobiz-webhook', 'plan_' || g, localtimestamp - interval '30 days' FROM generate_series(1, 50000) g");
        assertThat(jdbc.queryForObject("SELECT MAX(reltuples) FROM pg_class WHERE oid IN ('inbox_event'::regclass, "
                + "'camel_messageprocessed'::regclass)", Double.class)).as("never analysed").isNegative();
        Retention retention = retention(1000);
        Timestamp cutoff = daysAgo(7);

        TransactionTemplate transaction = new TransactionTemplate(new DataSourceTransactionManager(database.dataSource()));

        for (String[] purge : new String[][] {{"inbox-events", "inbox_event_received_idx"},
            {"idempotency-keys", "camel_messageprocessed_created_idx"}, {"dead-inbox-events", "inbox_event_received_idx"}}) {
            String plan = transaction.execute(status -> {
                jdbc.queryForList(Retention.POSTGRES_INDEX_ORDER);
                return String.join("\n", jdbc.queryForList("EXPLAIN " + retention.postgresStatement(purge[0]), String.class,
                        new Timestamp(0), 1000, cutoff, cutoff));
            });
            assertThat(plan).as(purge[0] + "\n" + plan).contains("Index Scan using " + purge[1]).contains("Tid Scan")
                    .doesNotContain("Seq Scan").doesNotContain("Sort").doesNotContain("Bitmap");
        }
    }
}
