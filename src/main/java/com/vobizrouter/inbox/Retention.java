package com.vobizrouter.inbox;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Deletes the rows of every table that grows once they are past their retention, for the
 * housekeeping routes (bean {@code retention}). Each purge walks its table oldest first, a batch
 * at a time, each batch one short transaction, until it reaches rows younger than the cut-off:
 * intake only inserts new rows, so it never waits for a purge, and no transaction holds many
 * locks.
 *
 * <p>The Zendesk sink's per-message records ({@code zendesk_message}) are kept as long as dead
 * letters, since a replayed dead letter is delivered again and must find its record.
 *
 * <p>What is never purged: PENDING inbox rows; a DEAD inbox row while one of its dead letters is
 * kept; a delivery attempt or an idempotency key while its event's inbox row exists (so a key
 * never goes before the row it protects, and an event Vobiz sends again is never stored twice).
 * Keys are walked no further than the oldest delivered or ignored inbox row not purged yet, so
 * while the inbox purge catches up on a large backlog the key purge does not step over the keys
 * of rows still waiting for it again and again.
 *
 * <p>A batch picks the next rows from where the last one stopped ({@code age >= ?}, ordered, with
 * a limit) by an index on the age column, then deletes those of them that are older than the
 * cut-off and meet the purge's conditions; the conditions are checked again at the delete, so a
 * row changed meanwhile (a dead letter replayed) is left alone. Rows that must stay are stepped
 * over once per run. The plan needs no table statistics: the pick has one open bound and no
 * other condition, and its transaction turns off sequential and bitmap scans, so PostgreSQL walks
 * the index in order with a limit; whether another event's row exists is asked with a scalar
 * subquery, one index probe per row, never a join over the other table. On PostgreSQL a batch is
 * one statement that deletes the picked rows by {@code ctid}; on H2 the picked rows are deleted
 * by primary key in one JDBC batch, in the same transaction.
 *
 * <p>A server running without autovacuum never reuses the space of deleted rows; with
 * {@code vacuum} set, tables that lost rows are vacuumed after each run (PostgreSQL only).
 *
 * <p>Its statements are one template for every table, built from the purges' list below (table,
 * age column, what must stay), rather than kept with each table's other statements; the one
 * other statement it runs on the inbox is {@link InboxSql}'s.
 */
public class Retention {

    private static final Logger LOG = LoggerFactory.getLogger(Retention.class);
    private static final Timestamp BEFORE_EVERYTHING = new Timestamp(0);
    /** Planner settings for the rest of the transaction: walk indexes in order, never scan a whole table. */
    static final String POSTGRES_INDEX_ORDER = "SELECT set_config('enable_seqscan', 'off', true), "
            + "set_config('enable_bitmapscan', 'off', true)";

    /**
     * The retention of each kind of row.
     *
     * @param inbox delivered and ignored inbox rows, counted from receipt; delivery attempts of
     *        events no longer in the inbox, counted from the attempt
     * @param deadLetters dead letters, replayed or not, counted from when they were written; DEAD
     *        inbox rows without a dead letter left, counted from receipt
     * @param idempotencyKeys keys of events no longer in the inbox, counted from receipt
     */
    public record Periods(RetentionCutoff inbox, RetentionCutoff deadLetters, RetentionCutoff idempotencyKeys,
            RetentionCutoff vobizEvent, RetentionCutoff messageStatus, RetentionCutoff campaignResult,
            RetentionCutoff rejectedRequests) {
    }

    /** What one purge did: rows deleted from {@code table} in {@code batches} transactions. */
    public record Purged(String purge, String table, long rows, int batches) {

        @Override
        public String toString() {
            return "purged " + rows + " rows from " + table + " (" + purge + ") in " + batches + " batches";
        }
    }

    /**
     * Rows of {@code table} whose {@code age} column is before the cut-off and that meet
     * {@code condition} (a fixed SQL fragment, empty for none); the walk starts at {@code floor}.
     * {@code key} is the primary key, which the delete uses on H2.
     */
    private record Purge(String name, String table, List<String> key, String age, String condition, Supplier<Object> cutoff,
            Object floor) {
    }

    /** One batch: rows picked, the largest age among them, how many were older than the cut-off, how many went. */
    private record Batch(long picked, Object lastAge, long old, long deleted) {
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final SqlDialect dialect;
    private final int batchSize;
    private final boolean vacuum;
    private final BooleanSupplier running;
    private final MeterRegistry meters;
    private final Map<String, Purge> purges = new LinkedHashMap<>();
    private final Map<String, Counter> purgedRows = new ConcurrentHashMap<>();
    private final Set<String> purgedSinceVacuum = ConcurrentHashMap.newKeySet();

    /**
     * @param batchSize rows one batch picks
     * @param vacuum whether to vacuum the tables that lost rows after each run (PostgreSQL only)
     * @param running false once the router is stopping: a purge then stops after its current batch
     */
    public Retention(DataSource dataSource, PlatformTransactionManager transactionManager, SqlDialect dialect, Periods periods,
            int batchSize, boolean vacuum, BooleanSupplier running, MeterRegistry meters) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.transaction = new TransactionTemplate(transactionManager);
        this.dialect = dialect;
        this.batchSize = batchSize;
        this.vacuum = vacuum;
        this.running = running;
        this.meters = meters;
        List<String> id = List.of("id");
        add("dead-letters", "dead_letter", id, "created_at", "", periods.deadLetters());
        add("dead-inbox-events", "inbox_event", id, "received_at", "status = 'DEAD' AND "
                + "(SELECT 1 FROM dead_letter d WHERE d.event_id = inbox_event.event_id LIMIT 1) IS NULL", periods.deadLetters());
        add("inbox-events", "inbox_event", id, "received_at", "status IN ('DONE', 'IGNORED')", periods.inbox());
        add("delivery-attempts", "delivery_attempt", id, "at",
                "(SELECT 1 FROM inbox_event i WHERE i.event_id = delivery_attempt.event_id LIMIT 1) IS NULL", periods.inbox());
        // Keys are not walked past the oldest delivered or ignored inbox row still there: theirs stay anyway.
        RetentionCutoff keys = periods.idempotencyKeys();
        purges.put("idempotency-keys", new Purge("idempotency-keys", "CAMEL_MESSAGEPROCESSED", List.of("processorName", "messageId"),
                "createdAt", "(SELECT 1 FROM inbox_event i WHERE i.event_id = CAMEL_MESSAGEPROCESSED.messageId LIMIT 1) IS NULL",
                () -> earlier(keys.cutoff(), oldestInboxRowAwaitingPurge()), BEFORE_EVERYTHING));
        add("vobiz-events", "vobiz_event", List.of("event_id"), "received_at", "", periods.vobizEvent());
        add("message-statuses", "message_status", List.of("message_id"), "updated_at", "", periods.messageStatus());
        add("campaign-results", "campaign_result", List.of("campaign_id"), "updated_at", "", periods.campaignResult());
        add("rejected-requests", "rejected_request", id, "received_at", "", periods.rejectedRequests());
        // The Zendesk sink's record of each message it sent: needed while the event may be
        // delivered again, which a dead letter's replay can do as long as the dead letter is kept.
        add("zendesk-messages", "zendesk_message", List.of("message_key"), "updated_at", "", periods.deadLetters());
        purges.values().forEach(purge -> counter(purge.table()));
    }

    private void add(String name, String table, List<String> key, String age, String condition, RetentionCutoff cutoff) {
        purges.put(name, new Purge(name, table, key, age, condition, cutoff::cutoff, BEFORE_EVERYTHING));
    }

    private Counter counter(String table) {
        return purgedRows.computeIfAbsent(table, name -> Counter.builder("vobiz.purged.rows")
                .description("rows deleted by the retention purge").tag("table", name.toLowerCase()).register(meters));
    }

    /** The names {@link #purge(String)} knows, in the order a full run takes them. */
    public Set<String> names() {
        return purges.keySet();
    }

    /** Deletes every row the named purge covers, a batch at a time. */
    public Purged purge(String name) {
        Purge purge = purges.get(name);
        if (purge == null) {
            throw new IllegalArgumentException("no purge named '" + name + "'; known: " + purges.keySet());
        }
        return run(purge);
    }

    /** Deletes rejected requests beyond the newest {@code keep} ({@code router.admin.rejections-max}). */
    public Purged purgeRejectionsBeyond(int keep) {
        Long newest = jdbc.queryForObject("SELECT MAX(id) FROM rejected_request", Long.class);
        if (newest == null) {
            return new Purged("rejected-requests-beyond-max", "rejected_request", 0, 0);
        }
        long firstKept = newest - keep + 1;
        return run(new Purge("rejected-requests-beyond-max", "rejected_request", List.of("id"), "id", "", () -> firstKept,
                Long.MIN_VALUE));
    }

    /** When the oldest DONE or IGNORED inbox row was received; null when there is none. */
    private Timestamp oldestInboxRowAwaitingPurge() {
        List<Timestamp> oldest = jdbc.query(InboxSql.OLDEST_AWAITING_PURGE, (rs, n) -> rs.getTimestamp(1));
        return oldest.isEmpty() ? null : oldest.get(0);
    }

    private static Timestamp earlier(Timestamp a, Timestamp b) {
        return b == null || a.before(b) ? a : b;
    }

    /** Vacuums the tables that lost rows since the last call, when vacuuming is on (PostgreSQL only). */
    public void vacuumPurgedTables() {
        if (!vacuum || !dialect.isPostgresql()) {
            purgedSinceVacuum.clear();
            return;
        }
        for (String table : Set.copyOf(purgedSinceVacuum)) {
            purgedSinceVacuum.remove(table);
            long start = System.nanoTime();
            // VACUUM cannot take a parameter; the table name is one of the fixed names above.
            jdbc.execute("VACUUM " + table);
            LOG.info("vacuumed {} in {} ms", table, (System.nanoTime() - start) / 1_000_000);
        }
    }

    private Purged run(Purge purge) {
        Object cutoff = purge.cutoff().get();
        Object floor = purge.floor();
        Counter counter = counter(purge.table());
        int limit = batchSize;
        long rows = 0;
        int batches = 0;
        long start = System.nanoTime();
        while (true) {
            Batch batch = dialect.isPostgresql() ? postgresBatch(purge, floor, limit, cutoff) : h2Batch(purge, floor, limit, cutoff);
            batches++;
            rows += batch.deleted();
            counter.increment(batch.deleted());
            if (batch.deleted() > 0) {
                purgedSinceVacuum.add(purge.table());
            }
            boolean endOfTable = batch.picked() < limit;
            boolean reachedCutoff = batch.old() < batch.picked();
            if (endOfTable || reachedCutoff || !running.getAsBoolean()) {
                break;
            }
            // A batch full of rows of one instant that all stay would be picked again: look further.
            limit = batch.deleted() == 0 && Objects.equals(batch.lastAge(), floor) ? limit * 2 : batchSize;
            floor = batch.lastAge();
        }
        Purged purged = new Purged(purge.name(), purge.table(), rows, batches);
        if (rows > 0) {
            LOG.info("{} in {} ms", purged, (System.nanoTime() - start) / 1_000_000);
        }
        return purged;
    }

    /**
     * One statement: the rows picked by their age, then those of them that go deleted by ctid. On
     * a small table PostgreSQL would rather read it all and sort it than walk the index (on 50,000
     * keys without statistics it did), so the transaction rules out sequential and bitmap scans:
     * the pick is then an ordered index scan whatever the table's size.
     */
    private Batch postgresBatch(Purge purge, Object floor, int limit, Object cutoff) {
        return transaction.execute(status -> {
            jdbc.queryForList(POSTGRES_INDEX_ORDER);
            return jdbc.queryForObject(postgresStatement(purge), (rs, n) -> new Batch(rs.getLong(1), rs.getObject(2), rs.getLong(3),
                    rs.getLong(4)), floor, limit, cutoff, cutoff);
        });
    }

    /** The PostgreSQL batch of the named purge; parameters floor, batch size, cut-off, cut-off. */
    String postgresStatement(String name) {
        return postgresStatement(purges.get(name));
    }

    private static String postgresStatement(Purge purge) {
        String table = purge.table();
        String age = purge.age();
        return "WITH picked AS (SELECT ctid AS row_id, " + age + " AS age FROM " + table + " WHERE " + age + " >= ? ORDER BY " + age
                + " LIMIT ?), purged AS (DELETE FROM " + table + " WHERE ctid = ANY (ARRAY(SELECT row_id FROM picked)) AND " + age
                + " < ?" + and(purge.condition()) + " RETURNING 1) SELECT (SELECT COUNT(*) FROM picked), (SELECT MAX(age) FROM picked), "
                + "(SELECT COUNT(*) FROM picked WHERE age < ?), (SELECT COUNT(*) FROM purged)";
    }

    /** One transaction: the rows picked by their age, then those of them that go deleted by primary key in one JDBC batch. */
    private Batch h2Batch(Purge purge, Object floor, int limit, Object cutoff) {
        String table = purge.table();
        String age = purge.age();
        List<String> key = purge.key();
        String pick = "SELECT " + String.join(", ", key) + ", " + age + ", CASE WHEN " + age + " < ? THEN 1 ELSE 0 END FROM " + table
                + " WHERE " + age + " >= ? ORDER BY " + age + " FETCH FIRST ? ROWS ONLY";
        String delete = "DELETE FROM " + table + " WHERE " + key.stream().map(column -> column + " = ?").collect(Collectors.joining(" AND "))
                + " AND " + age + " < ?" + and(purge.condition());
        return transaction.execute(status -> {
            List<Object[]> picked = jdbc.query(pick, (rs, n) -> {
                Object[] row = new Object[key.size() + 2];
                for (int c = 0; c < row.length; c++) {
                    row[c] = rs.getObject(c + 1);
                }
                return row;
            }, cutoff, floor, limit);
            List<Object[]> old = new ArrayList<>();
            for (Object[] row : picked) {
                if (((Number) row[key.size() + 1]).intValue() == 1) {
                    Object[] params = Arrays.copyOf(row, key.size() + 1);
                    params[key.size()] = cutoff;
                    old.add(params);
                }
            }
            long deleted = old.isEmpty() ? 0 : Arrays.stream(jdbc.batchUpdate(delete, old)).sum();
            Object lastAge = picked.isEmpty() ? null : picked.get(picked.size() - 1)[key.size()];
            return new Batch(picked.size(), lastAge, old.size(), deleted);
        });
    }

    private static String and(String condition) {
        return condition.isEmpty() ? "" : " AND " + condition;
    }
}
