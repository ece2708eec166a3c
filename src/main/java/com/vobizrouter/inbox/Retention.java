package com.vobizrouter.inbox;

import java.sql.Timestamp;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import javax.sql.DataSource;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Deletes the rows of every table that grows once they are past their retention, for the
 * housekeeping routes (bean {@code retention}). Each purge deletes the oldest matching rows a
 * batch at a time, each batch one statement in its own short transaction, until none is left:
 * intake only inserts new rows, so it never waits for a purge, and no transaction holds many
 * locks.
 *
 * <p>What is never purged: PENDING inbox rows; a DEAD inbox row while one of its dead letters is
 * kept; a delivery attempt or an idempotency key while its event's inbox row exists (so a key
 * never goes before the row it protects, and an event Vobiz sends again is never stored twice).
 *
 * <p>A batch picks the rows by a range scan of an index on the age column, oldest first, with a
 * limit: both bounds of the range are parameters, so the plan is cheap without table statistics.
 * The batch then deletes the picked rows by their physical row id ({@code ctid} on PostgreSQL,
 * {@code _ROWID_} on H2), repeating the conditions so that a row changed meanwhile (a dead letter
 * replayed) is left alone. The next batch starts at the age where the last one stopped, so rows
 * that must be kept are stepped over once per run, not once per batch. Whether another event's
 * row exists is asked with a scalar subquery, which PostgreSQL runs as one index probe per row,
 * never as a join over the whole other table.
 *
 * <p>A server running without autovacuum never reuses the space of deleted rows; with
 * {@code vacuum} set, tables that lost rows are vacuumed after each run (PostgreSQL only).
 */
public class Retention {

    private static final Logger LOG = LoggerFactory.getLogger(Retention.class);
    private static final Timestamp BEFORE_EVERYTHING = new Timestamp(0);

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

    /** What one purge did: rows deleted from {@code table} in {@code batches} statements. */
    public record Purged(String purge, String table, long rows, int batches) {

        @Override
        public String toString() {
            return "purged " + rows + " rows from " + table + " (" + purge + ") in " + batches + " batches";
        }
    }

    /**
     * Rows of {@code table} whose {@code age} column is before the cut-off and that match
     * {@code condition} (a fixed SQL fragment, empty for none); the age starts at {@code floor}.
     */
    private record Purge(String name, String table, String age, String condition, Supplier<Object> cutoff, Object floor) {
    }

    private final JdbcTemplate jdbc;
    private final boolean postgres;
    private final int batchSize;
    private final boolean vacuum;
    private final BooleanSupplier running;
    private final MeterRegistry meters;
    private final Map<String, Purge> purges = new LinkedHashMap<>();
    private final Map<String, Counter> purgedRows = new ConcurrentHashMap<>();
    private final Set<String> purgedSinceVacuum = ConcurrentHashMap.newKeySet();

    /**
     * @param postgres whether the database is PostgreSQL (otherwise H2)
     * @param batchSize most rows one statement deletes
     * @param vacuum whether to vacuum the tables that lost rows after each run (PostgreSQL only)
     * @param running false once the router is stopping: a purge then stops after its current batch
     */
    public Retention(DataSource dataSource, boolean postgres, Periods periods, int batchSize, boolean vacuum, BooleanSupplier running,
            MeterRegistry meters) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.postgres = postgres;
        this.batchSize = batchSize;
        this.vacuum = vacuum;
        this.running = running;
        this.meters = meters;
        add("dead-letters", "dead_letter", "created_at", "", periods.deadLetters());
        add("dead-inbox-events", "inbox_event", "received_at", "status = 'DEAD' AND "
                + "(SELECT 1 FROM dead_letter d WHERE d.event_id = inbox_event.event_id LIMIT 1) IS NULL", periods.deadLetters());
        add("done-inbox-events", "inbox_event", "received_at", "status = 'DONE'", periods.inbox());
        add("ignored-inbox-events", "inbox_event", "received_at", "status = 'IGNORED'", periods.inbox());
        add("delivery-attempts", "delivery_attempt", "at",
                "(SELECT 1 FROM inbox_event i WHERE i.event_id = delivery_attempt.event_id LIMIT 1) IS NULL", periods.inbox());
        add("idempotency-keys", "CAMEL_MESSAGEPROCESSED", "createdAt",
                "(SELECT 1 FROM inbox_event i WHERE i.event_id = CAMEL_MESSAGEPROCESSED.messageId LIMIT 1) IS NULL",
                periods.idempotencyKeys());
        add("vobiz-events", "vobiz_event", "received_at", "", periods.vobizEvent());
        add("message-statuses", "message_status", "updated_at", "", periods.messageStatus());
        add("campaign-results", "campaign_result", "updated_at", "", periods.campaignResult());
        add("rejected-requests", "rejected_request", "received_at", "", periods.rejectedRequests());
        purges.values().forEach(purge -> counter(purge.table()));
    }

    private Counter counter(String table) {
        return purgedRows.computeIfAbsent(table, name -> Counter.builder("vobiz.purged.rows")
                .description("rows deleted by the retention purge").tag("table", name.toLowerCase()).register(meters));
    }

    private void add(String name, String table, String age, String condition, RetentionCutoff cutoff) {
        purges.put(name, new Purge(name, table, age, condition, cutoff::cutoff, BEFORE_EVERYTHING));
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
        return run(new Purge("rejected-requests-beyond-max", "rejected_request", "id", "", () -> firstKept, Long.MIN_VALUE));
    }

    /** Vacuums the tables that lost rows since the last call, when vacuuming is on (PostgreSQL only). */
    public void vacuumPurgedTables() {
        if (!vacuum || !postgres) {
            purgedSinceVacuum.clear();
            return;
        }
        for (String table : Set.copyOf(purgedSinceVacuum)) {
            purgedSinceVacuum.remove(table);
            long start = System.nanoTime();
            // VACUUM cannot take a parameter; the table name is one of the fixed names above.
            jdbc.execute("VACUUM " + table);
            LOG.debug("vacuumed {} in {} ms", table, (System.nanoTime() - start) / 1_000_000);
        }
    }

    private Purged run(Purge purge) {
        String sql = statement(purge);
        Object cutoff = purge.cutoff().get();
        Object floor = purge.floor();
        Counter counter = counter(purge.table());
        long rows = 0;
        int batches = 0;
        long start = System.nanoTime();
        while (true) {
            Object from = floor;
            Object[] batch = jdbc.queryForObject(sql, (rs, n) -> new Object[] {rs.getLong(1), rs.getObject(2)},
                    from, cutoff, batchSize, cutoff);
            long deleted = (Long) batch[0];
            batches++;
            rows += deleted;
            counter.increment(deleted);
            if (deleted > 0) {
                purgedSinceVacuum.add(purge.table());
            }
            if (deleted < batchSize || !running.getAsBoolean()) {
                break;
            }
            floor = batch[1];
        }
        Purged purged = new Purged(purge.name(), purge.table(), rows, batches);
        if (rows > 0) {
            LOG.info("{} in {} ms", purged, (System.nanoTime() - start) / 1_000_000);
        }
        return purged;
    }

    /**
     * One batch: parameters floor, cut-off, batch size, cut-off; answers the rows deleted and the
     * largest age among them.
     */
    private String statement(Purge purge) {
        String table = purge.table();
        String age = purge.age();
        String condition = purge.condition().isEmpty() ? "" : " AND " + purge.condition();
        String pick = " FROM " + table + " WHERE " + age + " >= ? AND " + age + " < ?" + condition + " ORDER BY " + age;
        String recheck = " AND " + age + " < ?" + condition;
        if (postgres) {
            // ARRAY(...) runs the pick once; the delete then finds each picked row by its ctid.
            return "WITH purged AS (DELETE FROM " + table + " WHERE ctid = ANY (ARRAY(SELECT ctid" + pick + " LIMIT ?))" + recheck
                    + " RETURNING " + age + ") SELECT COUNT(*), MAX(" + age + ") FROM purged";
        }
        return "SELECT COUNT(*), MAX(" + age + ") FROM OLD TABLE (DELETE FROM " + table + " WHERE _ROWID_ IN (SELECT _ROWID_" + pick
                + " FETCH FIRST ? ROWS ONLY)" + recheck + ")";
    }
}
