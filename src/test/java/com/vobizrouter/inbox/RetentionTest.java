package com.vobizrouter.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import com.vobizrouter.testsupport.TestDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * The retention purge on a migrated database: which rows of each table go and which stay, that
 * they go in batches, and what is counted. Retentions: inbox 7 days, dead letters 30, keys 7,
 * analytics 90, business rows 180, rejected requests 7. Subclasses choose the database.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class RetentionTest {

    static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    /** A migrated database; the same one for every test of the class. */
    TestDatabase database;
    JdbcTemplate jdbc;
    SimpleMeterRegistry meters;

    @BeforeAll
    void migrate(TestDatabase database) {
        this.database = database.migrated();
    }

    @BeforeEach
    void emptyTables() {
        jdbc = new JdbcTemplate(database.dataSource());
        for (String table : List.of("delivery_attempt", "dead_letter", "inbox_event", "CAMEL_MESSAGEPROCESSED", "vobiz_event",
                "message_status", "campaign_result", "rejected_request", "zendesk_message")) {
            jdbc.update("DELETE FROM " + table);
        }
        meters = new SimpleMeterRegistry();
    }

    Retention retention(int batchSize) {
        return retention(batchSize, () -> true);
    }

    Retention retention(int batchSize, java.util.function.BooleanSupplier running) {
        return new Retention(database.dataSource(), new DataSourceTransactionManager(database.dataSource()), database.postgres() ? SqlDialect.POSTGRESQL : SqlDialect.H2,
                new Retention.Periods(cutoff(7), cutoff(30), cutoff(7), cutoff(90), cutoff(180), cutoff(180), cutoff(7)), batchSize,
                false, running, meters);
    }

    private static RetentionCutoff cutoff(int days) {
        return new RetentionCutoff(Duration.ofDays(days), CLOCK);
    }

    @Test
    void purgesDeliveredAndIgnoredInboxRowsPastTheRetentionInBatchesAndKeepsRecentAndPendingOnes() {
        for (int i = 0; i < 7; i++) {
            inbox("done_old_" + i, "DONE", daysAgo(8 + i));
        }
        for (int i = 0; i < 4; i++) {
            inbox("ignored_old_" + i, "IGNORED", daysAgo(10));
        }
        inbox("done_recent", "DONE", daysAgo(6));
        inbox("ignored_recent", "IGNORED", daysAgo(1));
        inbox("pending_old", "PENDING", daysAgo(60));
        Retention retention = retention(3);

        Retention.Purged purged = retention.purge("inbox-events");

        assertThat(purged.rows()).isEqualTo(11);
        assertThat(purged.batches()).as("picks of 3 from the oldest (the PENDING row stays) to the first recent row").isEqualTo(5);
        assertThat(inboxIds()).containsExactlyInAnyOrder("done_recent", "ignored_recent", "pending_old");
    }

    @Test
    void keepsADeadLetterAndItsDeadInboxRowUntilTheDeadLetterRetentionWhetherReplayedOrNot() {
        inbox("dead_letter_young", "DEAD", daysAgo(45));
        deadLetter("dead_letter_young", daysAgo(10), null);
        inbox("dead_letter_old", "DEAD", daysAgo(45));
        deadLetter("dead_letter_old", daysAgo(31), null);
        inbox("dead_recently_received", "DEAD", daysAgo(2));
        deadLetter("dead_recently_received", daysAgo(1), null);
        inbox("replayed", "DONE", daysAgo(20));
        deadLetter("replayed", daysAgo(19), daysAgo(1));
        Retention retention = retention(10);

        for (String purge : retention.names()) {
            retention.purge(purge);
        }

        assertThat(jdbc.queryForList("SELECT event_id FROM dead_letter", String.class))
                .containsExactlyInAnyOrder("dead_letter_young", "dead_recently_received", "replayed");
        assertThat(inboxIds()).as("a DEAD row stays while its dead letter does; the replayed event, delivered, follows the inbox rule")
                .containsExactlyInAnyOrder("dead_letter_young", "dead_recently_received");
    }

    @Test
    void neverPurgesAnIdempotencyKeyWhileItsEventIsInTheInbox() {
        key("pending_for_weeks", daysAgo(30));
        inbox("pending_for_weeks", "PENDING", daysAgo(30));
        key("dead", daysAgo(30));
        inbox("dead", "DEAD", daysAgo(30));
        deadLetter("dead", daysAgo(29), null);
        key("delivered_long_ago", daysAgo(30));
        inbox("delivered_long_ago", "DONE", daysAgo(30));
        key("without_inbox_row", daysAgo(8));
        key("recent", daysAgo(6));
        Retention retention = retention(10);

        retention.purge("idempotency-keys");
        assertThat(keys()).as("not walked past the delivered inbox row still waiting for its purge")
                .containsExactlyInAnyOrder("pending_for_weeks", "dead", "delivered_long_ago", "without_inbox_row", "recent");

        retention.purge("inbox-events");
        retention.purge("idempotency-keys");
        assertThat(keys()).containsExactlyInAnyOrder("pending_for_weeks", "dead", "recent");
        assertThat(inboxIds()).containsExactlyInAnyOrder("pending_for_weeks", "dead");
    }

    @Test
    void keepsDeliveryAttemptsAsLongAsTheirEventIsInTheInbox() {
        inbox("dead", "DEAD", daysAgo(20));
        deadLetter("dead", daysAgo(19), null);
        attempt("dead", daysAgo(20));
        attempt("dead", daysAgo(19));
        inbox("delivered", "DONE", daysAgo(20));
        attempt("delivered", daysAgo(20));
        attempt("recently_delivered", daysAgo(1));
        Retention retention = retention(10);

        retention.purge("inbox-events");
        retention.purge("delivery-attempts");

        assertThat(jdbc.queryForList("SELECT event_id FROM delivery_attempt", String.class))
                .containsExactlyInAnyOrder("dead", "dead", "recently_delivered");
    }

    @Test
    void purgesAnalyticsAndBusinessRowsEachByItsOwnRetention() {
        jdbc.update("INSERT INTO vobiz_event (event_id, event_type, received_at, payload, stored_at) VALUES (?, 'message.read', ?, '{}', ?)",
                "analytics_old", daysAgo(91), daysAgo(91));
        jdbc.update("INSERT INTO vobiz_event (event_id, event_type, received_at, payload, stored_at) VALUES (?, 'message.read', ?, '{}', ?)",
                "analytics_recent", daysAgo(89), daysAgo(89));
        for (String[] row : new String[][] {{"message_old", "181"}, {"message_recent", "179"}}) {
            jdbc.update("INSERT INTO message_status (message_id, status, status_rank, last_event_id, updated_at) VALUES (?, 'read', 3, 'e', ?)",
                    row[0], daysAgo(Integer.parseInt(row[1])));
            jdbc.update("INSERT INTO campaign_result (campaign_id, last_event_id, updated_at) VALUES (?, 'e', ?)",
                    row[0].replace("message", "campaign"), daysAgo(Integer.parseInt(row[1])));
        }
        Retention retention = retention(10);

        retention.purge("vobiz-events");
        retention.purge("message-statuses");
        retention.purge("campaign-results");

        assertThat(jdbc.queryForList("SELECT event_id FROM vobiz_event", String.class)).containsExactly("analytics_recent");
        assertThat(jdbc.queryForList("SELECT message_id FROM message_status", String.class)).containsExactly("message_recent");
        assertThat(jdbc.queryForList("SELECT campaign_id FROM campaign_result", String.class)).containsExactly("campaign_recent");
    }

    @Test
    void keepsTheZendeskSinksRecordOfAMessageAsLongAsADeadLetterThatMayDeliverItAgain() {
        for (String[] row : new String[][] {{"conversation/old", "31"}, {"conversation/recent", "29"}}) {
            jdbc.update("INSERT INTO zendesk_message (message_key, state, updated_at) VALUES (?, 'SENT', ?)", row[0],
                    daysAgo(Integer.parseInt(row[1])));
        }

        retention(10).purge("zendesk-messages");

        assertThat(jdbc.queryForList("SELECT message_key FROM zendesk_message", String.class)).containsExactly("conversation/recent");
    }

    @Test
    void stepsOverMoreRowsOfOneInstantThatMustStayThanABatchHoldsAndPurgesTheRowsAfterThem() {
        Timestamp instant = daysAgo(10);
        for (int i = 0; i < 5; i++) {
            key("older_pending_" + i, daysAgo(11));
            inbox("older_pending_" + i, "PENDING", daysAgo(11));
        }
        for (int i = 0; i < 9; i++) {
            key("same_instant_" + i, instant);
        }
        Retention retention = retention(2);

        Retention.Purged purged = retention.purge("idempotency-keys");

        assertThat(purged.rows()).isEqualTo(9);
        assertThat(keys()).hasSize(5).allMatch(key -> key.startsWith("older_pending_"));
    }

    @Test
    void countsThePurgedRowsOfEachTableInTheMetric() {
        for (int i = 0; i < 4; i++) {
            inbox("done_" + i, "DONE", daysAgo(8));
            key("done_" + i, daysAgo(8));
        }
        Retention retention = retention(3);
        assertThat(purgedRows("inbox_event")).as("registered before any purge").isZero();

        retention.purge("inbox-events");
        retention.purge("idempotency-keys");
        retention.purge("inbox-events");

        assertThat(purgedRows("inbox_event")).isEqualTo(4);
        assertThat(purgedRows("camel_messageprocessed")).isEqualTo(4);
        assertThat(purgedRows("vobiz_event")).isZero();
    }

    @Test
    void keepsOnlyTheNewestRejectedRequestsAndNoneOlderThanTheRetention() {
        jdbc.update("INSERT INTO rejected_request (received_at, status, reason) VALUES (?, 401, 'bad_signature')", daysAgo(8));
        for (int i = 0; i < 6; i++) {
            jdbc.update("INSERT INTO rejected_request (received_at, status, reason, detail) VALUES (?, 401, 'bad_signature', ?)",
                    daysAgo(1), "recent " + i);
        }
        Retention retention = retention(2);

        retention.purge("rejected-requests");
        Retention.Purged beyondMax = retention.purgeRejectionsBeyond(4);

        assertThat(beyondMax.rows()).isEqualTo(2);
        assertThat(jdbc.queryForList("SELECT detail FROM rejected_request ORDER BY id", String.class))
                .containsExactly("recent 2", "recent 3", "recent 4", "recent 5");
    }

    @Test
    void stopsAfterTheCurrentBatchWhenTheRouterStops() {
        for (int i = 0; i < 6; i++) {
            inbox("done_" + i, "DONE", daysAgo(8));
        }
        AtomicInteger asked = new AtomicInteger();

        Retention.Purged purged = retention(2, () -> asked.incrementAndGet() < 2).purge("inbox-events");

        assertThat(purged.batches()).isEqualTo(2);
        assertThat(inboxIds()).hasSize(2);
    }

    static Timestamp daysAgo(int days) {
        return Timestamp.from(NOW.minus(Duration.ofDays(days)));
    }

    void inbox(String eventId, String status, Timestamp receivedAt) {
        jdbc.update("INSERT INTO inbox_event (event_id, event_type, received_at, status, next_attempt_at, payload) "
                + "VALUES (?, 'message.read', ?, ?, ?, '{}')", eventId, receivedAt, status, receivedAt);
    }

    void key(String eventId, Timestamp createdAt) {
        jdbc.update("INSERT INTO CAMEL_MESSAGEPROCESSED (processorName, messageId, createdAt) VALUES ('vobiz-webhook', ?, ?)", eventId,
                createdAt);
    }

    void deadLetter(String eventId, Timestamp createdAt, Timestamp replayedAt) {
        jdbc.update("INSERT INTO dead_letter (event_id, event_type, sink, reason, attempts, created_at, replayed_at) "
                + "VALUES (?, 'message.read', 'database', 'refused', 1, ?, ?)", eventId, createdAt, replayedAt);
    }

    void attempt(String eventId, Timestamp at) {
        jdbc.update("INSERT INTO delivery_attempt (event_id, attempt, sink, outcome, at) VALUES (?, 1, 'database', 'retry', ?)", eventId, at);
    }

    List<String> inboxIds() {
        return jdbc.queryForList("SELECT event_id FROM inbox_event", String.class);
    }

    List<String> keys() {
        return jdbc.queryForList("SELECT messageId FROM CAMEL_MESSAGEPROCESSED", String.class);
    }

    double purgedRows(String table) {
        return meters.get("vobiz.purged.rows").tag("table", table).counter().count();
    }
}
