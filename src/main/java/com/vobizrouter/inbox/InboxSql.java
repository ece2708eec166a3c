package com.vobizrouter.inbox;

import java.time.Instant;
import java.util.List;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;

/**
 * Every statement on the inbox's tables: {@code inbox_event}, its idempotency keys (camel-sql's
 * {@code CAMEL_MESSAGEPROCESSED}), {@code delivery}, {@code delivery_attempt} and {@code dead_letter}. The classes
 * that need them bind and run them: {@link InboxWriter} (intake's insert), {@link InboxStore}
 * (claims, leases, outcomes), {@link InboxQueries} (admin reads and replay), {@link InboxMonitor}
 * (backlog) and {@link Retention} (where the key purge stops). A statement that differs between
 * PostgreSQL and H2, or by the filters given, is built by a method here from fixed fragments.
 *
 * <p>Their plans must not depend on table statistics: a PostgreSQL without autovacuum may never
 * have any. The hot statements (the insert of new events, claims, lease renewals, outcomes) are
 * written so that the planner has one way to run them (one array parameter, an index walked in
 * order with a limit); a change to a text here wants its plan looked at on PostgreSQL.
 *
 * <p>Not here: the statements camel-sql's repository runs on its keys, and {@link Retention}'s
 * purges, one template for every table that grows.
 */
final class InboxSql {

    private InboxSql() {
    }

    // Intake (InboxWriter).

    /** H2: which of the keys are known. Parameters {@code processorName}, {@code keys}. */
    static final String KNOWN_KEYS = "SELECT messageId FROM CAMEL_MESSAGEPROCESSED "
            + "WHERE processorName = :processorName AND messageId IN (:keys)";

    /** H2: one new key. Parameters {@code processorName}, {@code messageId}, {@code createdAt}. */
    static final String INSERT_KEY = "INSERT INTO CAMEL_MESSAGEPROCESSED (processorName, messageId, createdAt) "
            + "VALUES (:processorName, :messageId, :createdAt)";

    /** H2: one new inbox row, PENDING or not, due now. */
    static final String INSERT_INBOX = "INSERT INTO inbox_event "
            + "(event_id, event_type, channel_id, event_timestamp, received_at, status, next_attempt_at, payload, source, normalised, "
            + "trace_parent) "
            + "VALUES (:event_id, :event_type, :channel_id, :event_timestamp, CURRENT_TIMESTAMP, :status, CURRENT_TIMESTAMP, :payload, "
            + ":source, :normalised, :trace_parent)";

    /**
     * PostgreSQL: the keys of the batch that are new inserted with their inbox rows, in one
     * statement; the others come back as not returned. Parameters: processor name, created at,
     * the keys, then one array per column of the rows (event id, type, channel id, timestamp,
     * status, source, payload, normalised, trace parent), all in the order of the keys.
     */
    static final String POSTGRES_INSERT_NEW = "WITH new_key AS ("
            + "INSERT INTO CAMEL_MESSAGEPROCESSED (processorName, messageId, createdAt) "
            + "SELECT ?, key, ? FROM unnest(?::varchar[]) AS key ON CONFLICT DO NOTHING RETURNING messageId) "
            + "INSERT INTO inbox_event (event_id, event_type, channel_id, event_timestamp, received_at, status, next_attempt_at, payload, "
            + "source, normalised, trace_parent) "
            + "SELECT e.event_id, e.event_type, e.channel_id, e.event_timestamp, CURRENT_TIMESTAMP, e.status, CURRENT_TIMESTAMP, e.payload, "
            + "e.source, e.normalised, e.trace_parent "
            + "FROM unnest(?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[], ?::text[], ?::text[], "
            + "?::varchar[]) AS e(event_id, event_type, channel_id, event_timestamp, status, source, payload, normalised, trace_parent) "
            + "JOIN new_key ON new_key.messageId = e.event_id RETURNING event_id";

    // Dispatch (InboxStore).

    /** A PENDING row that is due and not leased; parameters now, now. */
    private static final String DUE = "status = 'PENDING' AND next_attempt_at <= ? AND (locked_until IS NULL OR locked_until < ?)";

    private static final String CLAIMED_COLUMNS = "id, event_id, event_type, channel_id, event_timestamp, received_at, attempts, payload, "
            + "next_attempt_at, source, normalised, destinations, trace_parent";

    /**
     * Leases due rows, oldest first: parameters token, lease end, now, now, now, now, limit. On
     * PostgreSQL the claimed rows come back ({@link #CLAIMED_COLUMNS}); on H2 they are read by
     * token with {@link #CLAIMED_BY_TOKEN}.
     */
    static String claim(SqlDialect dialect) {
        String pick = "SELECT id FROM inbox_event WHERE " + DUE + " ORDER BY next_attempt_at, id LIMIT ?";
        // On PostgreSQL the picked ids are taken once, as an array: as a plain IN (subquery) the
        // planner may run the subquery again for every candidate row, and with SKIP LOCKED each
        // run finds new rows, so one claim could lease the whole backlog.
        // On PostgreSQL the claimed rows come back from the UPDATE itself: reading them again by
        // locked_by would scan the whole table, which has no index on that column.
        return "UPDATE inbox_event SET locked_by = ?, locked_until = ? WHERE " + DUE
                + (dialect.isPostgresql() ? " AND id = ANY (ARRAY(" + pick + " FOR UPDATE SKIP LOCKED)) RETURNING " + CLAIMED_COLUMNS
                        : " AND id IN (" + pick + ")");
    }

    /** H2: the rows a claim leased; parameter token. */
    static final String CLAIMED_BY_TOKEN = "SELECT " + CLAIMED_COLUMNS + " FROM inbox_event WHERE locked_by = ? ORDER BY next_attempt_at, id";

    /** Makes leased PENDING rows due again; parameter a LIKE pattern of their tokens ({@link InboxStore#likePrefix}). */
    static final String TAKE_BACK_LEASES = "UPDATE inbox_event SET locked_by = NULL, locked_until = NULL WHERE status = 'PENDING' "
            + "AND locked_until IS NOT NULL AND locked_by LIKE ? ESCAPE '!'";

    /** Parameters lease end, id, token. */
    static final String RENEW_LEASE = "UPDATE inbox_event SET locked_until = ? WHERE id = ? AND locked_by = ? AND status = 'PENDING'";

    /** Parameters id, token. */
    static final String RELEASE_LEASE = "UPDATE inbox_event SET locked_by = NULL, locked_until = NULL WHERE id = ? AND locked_by = ?";

    /** Parameters dispatched at, destinations, id, token. */
    static final String MARK_DONE = "UPDATE inbox_event SET status = 'DONE', locked_by = NULL, locked_until = NULL, last_error = NULL, "
            + "dispatched_at = ?, destinations = ? WHERE id = ? AND locked_by = ?";

    /** The start of a settlement: the row locked while the lease is ours, its destinations kept. Parameters destinations, id, token. */
    static final String SETTLE_BEGIN = "UPDATE inbox_event SET destinations = ? WHERE id = ? AND locked_by = ?";

    /** The deliveries of one event; parameter its inbox id. */
    static final String DELIVERIES = "SELECT destination, status, attempts, next_attempt_at, last_error FROM delivery WHERE inbox_id = ?";

    /** PostgreSQL: the deliveries of many events; parameter an array of inbox ids. */
    static final String DELIVERIES_OF_MANY_POSTGRES = "SELECT inbox_id, destination, status, attempts, next_attempt_at, last_error "
            + "FROM delivery WHERE inbox_id = ANY (?)";

    /** H2: the deliveries of {@code count} events; parameters their inbox ids. */
    static String deliveriesOfMany(int count) {
        return "SELECT inbox_id, destination, status, attempts, next_attempt_at, last_error FROM delivery WHERE inbox_id IN ("
                + String.join(", ", java.util.Collections.nCopies(count, "?")) + ")";
    }

    /** Parameters status, attempts, next attempt at, last error, updated at, inbox id, destination. */
    static final String UPDATE_DELIVERY = "UPDATE delivery SET status = ?, attempts = ?, next_attempt_at = ?, last_error = ?, updated_at = ? "
            + "WHERE inbox_id = ? AND destination = ?";

    /** Parameters status, attempts, next attempt at, last error, updated at, inbox id, destination. */
    static final String INSERT_DELIVERY = "INSERT INTO delivery (status, attempts, next_attempt_at, last_error, updated_at, inbox_id, "
            + "destination) VALUES (?, ?, ?, ?, ?, ?, ?)";

    /** The end of a settlement that left deliveries open or dead: parameters status, attempts, next attempt at, last error, id, token. */
    static final String SETTLE_OPEN = "UPDATE inbox_event SET status = ?, attempts = ?, next_attempt_at = ?, last_error = ?, "
            + "locked_by = NULL, locked_until = NULL WHERE id = ? AND locked_by = ?";

    /** The end of a settlement where every delivery is done: parameters attempts, dispatched at, id, token. */
    static final String SETTLE_DONE = "UPDATE inbox_event SET status = 'DONE', attempts = ?, last_error = NULL, dispatched_at = ?, "
            + "locked_by = NULL, locked_until = NULL WHERE id = ? AND locked_by = ?";

    /** Parameters attempts to add (0 or 1), next attempt at, last error, id, token. */
    static final String RESCHEDULE = "UPDATE inbox_event SET attempts = attempts + ?, next_attempt_at = ?, last_error = ?, "
            + "locked_by = NULL, locked_until = NULL WHERE id = ? AND locked_by = ?";

    /** Parameters last error, id, token. */
    static final String MARK_DEAD = "UPDATE inbox_event SET status = 'DEAD', attempts = attempts + 1, last_error = ?, "
            + "locked_by = NULL, locked_until = NULL WHERE id = ? AND locked_by = ?";

    /** Parameters event id, event type, sink, reason, sink response, attempts, created at. */
    static final String INSERT_DEAD_LETTER = "INSERT INTO dead_letter (event_id, event_type, sink, reason, sink_response, attempts, created_at) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?)";

    /** Parameters event id, attempt, sink, outcome, reason, at. */
    static final String INSERT_ATTEMPT = "INSERT INTO delivery_attempt (event_id, attempt, sink, outcome, reason, at) VALUES (?, ?, ?, ?, ?, ?)";

    // Health (InboxMonitor).

    /** How many rows are PENDING, and when the oldest of them was received. */
    static final String BACKLOG = "SELECT COUNT(*), MIN(received_at) FROM inbox_event WHERE status = 'PENDING'";

    // Admin (InboxQueries).

    /** Events newest first, each filter applied when given; the caller binds {@code limit}. */
    static FilteredSelect events(String type, String source, String status, Instant from, Instant to) {
        return new FilteredSelect("SELECT event_id, event_type, source, status, received_at, attempts, next_attempt_at, last_error, "
                + "dispatched_at FROM inbox_event WHERE 1 = 1", " ORDER BY received_at DESC, id DESC LIMIT :limit")
                .equal("event_type", "type", type)
                .equal("source", "source", source)
                .equal("status", "status", status)
                .range("received_at", from, to);
    }

    /**
     * Recorded events oldest first, as sent and as the router read them (export and dry run), each
     * filter applied when given; the caller binds {@code limit}.
     */
    static FilteredSelect recorded(String type, String source, Instant from, Instant to) {
        return new FilteredSelect("SELECT event_id, event_type, channel_id, event_timestamp, received_at, source, payload, normalised "
                + "FROM inbox_event WHERE 1 = 1", " ORDER BY received_at, id LIMIT :limit")
                .equal("event_type", "type", type)
                .equal("source", "source", source)
                .range("received_at", from, to);
    }

    /** The event named {@code :id}, else {@code :vobizId}, with its raw JSON. */
    static final String EVENT = "SELECT event_id, event_type, source, channel_id, event_timestamp, status, "
            + "received_at, attempts, next_attempt_at, last_error, dispatched_at, destinations, payload, normalised FROM inbox_event "
            + "WHERE event_id IN (:id, :vobizId) ORDER BY CASE WHEN event_id = :id THEN 0 ELSE 1 END";

    /** The failed attempts of the event {@code :id}, oldest first. */
    static final String EVENT_ATTEMPTS = "SELECT attempt, sink, outcome, reason, at FROM delivery_attempt "
            + "WHERE event_id = :id ORDER BY id";

    /** The deliveries of the event {@code :id}, in destination order. */
    static final String EVENT_DELIVERIES = "SELECT d.destination, d.status, d.attempts, d.next_attempt_at, d.last_error, d.updated_at "
            + "FROM delivery d JOIN inbox_event e ON e.id = d.inbox_id WHERE e.event_id = :id ORDER BY d.destination";

    /** The dead letters of the event {@code :id}, oldest first. */
    static final String EVENT_DEAD_LETTERS = "SELECT id, sink, reason, sink_response, attempts, created_at, replayed_at "
            + "FROM dead_letter WHERE event_id = :id ORDER BY id";

    /** Dead letters newest first with their event's source, each filter applied when given; the caller binds {@code limit}. */
    static FilteredSelect deadLetters(String sink, String type, String source) {
        return new FilteredSelect("SELECT d.id, d.event_id, d.event_type, e.source, d.sink, d.reason, d.sink_response, d.attempts, "
                + "d.created_at, d.replayed_at FROM dead_letter d LEFT JOIN inbox_event e ON e.event_id = d.event_id WHERE 1 = 1",
                " ORDER BY d.id DESC LIMIT :limit")
                .equal("d.sink", "sink", sink)
                .equal("d.event_type", "type", type)
                .equal("e.source", "source", source);
    }

    /** The event of the dead letter {@code :id}. */
    static final String DEAD_LETTER_EVENT = "SELECT event_id FROM dead_letter WHERE id = :id";

    /** The ids of the dead letters not replayed yet, created in {@code [from, to)}, each filter applied when given. */
    static FilteredSelect deadLettersToReplay(String sink, String type, Instant from, Instant to) {
        return new FilteredSelect("SELECT id FROM dead_letter WHERE replayed_at IS NULL", " ORDER BY id")
                .equal("sink", "sink", sink)
                .equal("event_type", "type", type)
                .range("created_at", from, to);
    }

    /**
     * The event of the dead letter {@code :id} PENDING again, due {@code :now}, if it is DEAD; its row
     * is locked first, so a dispatcher settling it at the same time reads the delivery made PENDING.
     */
    static final String REPLAY_EVENT = "UPDATE inbox_event SET status = 'PENDING', attempts = 0, next_attempt_at = :now, last_error = NULL, "
            + "locked_by = NULL, locked_until = NULL WHERE event_id = (SELECT event_id FROM dead_letter WHERE id = :id) "
            + "AND status = 'DEAD'";

    /** The event of the dead letter {@code :id}, if PENDING (another of its deliveries waits), due {@code :now}; its lease kept. */
    static final String REPLAY_PENDING_EVENT = "UPDATE inbox_event SET next_attempt_at = :now WHERE event_id = "
            + "(SELECT event_id FROM dead_letter WHERE id = :id) AND status = 'PENDING'";

    /** The dead delivery of the dead letter {@code :id} (its destination is the dead letter's sink) PENDING again, due {@code :now}. */
    static final String REPLAY_DELIVERY = "UPDATE delivery SET status = 'PENDING', attempts = 0, next_attempt_at = :now, last_error = NULL, "
            + "updated_at = :now WHERE status = 'DEAD' AND destination = (SELECT sink FROM dead_letter WHERE id = :id) "
            + "AND inbox_id = (SELECT e.id FROM inbox_event e JOIN dead_letter d ON d.event_id = e.event_id WHERE d.id = :id)";

    /**
     * A dead letter of no delivery of its own (written before destinations, or by the router
     * itself): its event, made PENDING above, is routed again from the start.
     */
    static final String REPLAY_UNDECIDED = "UPDATE inbox_event SET destinations = NULL WHERE event_id = "
            + "(SELECT event_id FROM dead_letter WHERE id = :id) AND status = 'PENDING'";

    /** Parameters {@code id}, {@code now}. */
    static final String MARK_REPLAYED = "UPDATE dead_letter SET replayed_at = :now WHERE id = :id";

    /** A statement with its named parameters. */
    record Named(String sql, MapSqlParameterSource params) {
    }

    /**
     * One row: {@code pending}, the PENDING rows, then {@code sink0}, {@code sink1}, … in the order
     * of {@code sinks}: those whose {@code last_error} starts with the sink's name (any case) and
     * a space or a colon. Reads only PENDING rows (through the index on status).
     */
    static Named pendingBySink(List<String> sinks) {
        StringBuilder sql = new StringBuilder("SELECT COUNT(*) AS pending");
        MapSqlParameterSource params = new MapSqlParameterSource();
        for (int i = 0; i < sinks.size(); i++) {
            String sink = sinks.get(i).toLowerCase();
            sql.append(", COALESCE(SUM(CASE WHEN LOWER(LEFT(last_error, :length").append(i).append(")) IN (:spaced").append(i)
                    .append(", :colon").append(i).append(") THEN 1 ELSE 0 END), 0) AS sink").append(i);
            params.addValue("length" + i, sink.length() + 1).addValue("spaced" + i, sink + " ").addValue("colon" + i, sink + ":");
        }
        sql.append(" FROM inbox_event WHERE status = 'PENDING'");
        return new Named(sql.toString(), params);
    }

    // Retention.

    /** When the oldest DONE or IGNORED row was received (no row when there is none). */
    static final String OLDEST_AWAITING_PURGE = "SELECT received_at FROM inbox_event WHERE status IN ('DONE', 'IGNORED') "
            + "ORDER BY received_at FETCH FIRST 1 ROWS ONLY";
}
