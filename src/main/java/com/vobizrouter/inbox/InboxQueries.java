package com.vobizrouter.inbox;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.sql.DataSource;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What operators read and steer in the inbox: events with their failed attempts and dead
 * letters, the dead letters themselves, replay, the rejected intake requests, and the latest
 * rows of the database sink for the demo view.
 *
 * <p>Rows come back as maps with lower-case column names and timestamps as ISO-8601 instants,
 * ready to be written as JSON. Every filter is a fixed SQL fragment with a bound parameter; a
 * filter left null is not applied. Lists hold at most {@value #MAX_LIMIT} rows.
 *
 * <p>The statements on the inbox's tables are {@link InboxSql}'s. Those on the tables of other
 * packages (the database sink's {@code message_status} and {@code campaign_result}, intake's
 * {@code rejected_request}) are written out below: neither the admin API nor this package may
 * depend on the packages that own those tables.
 *
 * <p>Replay puts a dead letter's event back to PENDING, due now, with fresh attempts, and marks
 * the dead letter replayed, all in one transaction of the application's transaction manager; the
 * dispatcher then delivers it again through the same idempotent sinks.
 */
public class InboxQueries {

    public static final int MAX_LIMIT = 1000;

    private final NamedParameterJdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final Clock clock;

    public InboxQueries(DataSource dataSource, PlatformTransactionManager transactionManager, Clock clock) {
        this.jdbc = new NamedParameterJdbcTemplate(dataSource);
        this.transaction = new TransactionTemplate(transactionManager);
        this.clock = clock;
    }

    /** Events newest first; {@code status} in any case. */
    public List<Map<String, Object>> events(String type, String source, String status, Instant from, Instant to, int limit) {
        return list(InboxSql.events(type, source, status == null ? null : status.toUpperCase(), from, to), limit);
    }

    /**
     * Recorded events oldest first, each as sent (payload) and as the router read it (view), for
     * export and dry runs; at most {@link #MAX_LIMIT} a call. Each is handed over as it is read, so
     * a long export never sits in memory.
     */
    public void recorded(String type, String source, Instant from, Instant to, int limit, java.util.function.Consumer<InboxEvent> each) {
        FilteredSelect select = InboxSql.recorded(type, source, from, to);
        jdbc.query(select.sql(), select.params().addValue("limit", bounded(limit)), (java.sql.ResultSet rs) -> {
            Timestamp received = rs.getTimestamp("received_at");
            each.accept(new InboxEvent(0, rs.getString("event_id"), rs.getString("event_type"), rs.getString("channel_id"),
                    rs.getString("event_timestamp"), received == null ? null : received.toInstant(), 0, rs.getString("payload"), null,
                    rs.getString("source"), rs.getString("normalised")));
        });
    }

    /**
     * One event with its raw JSON, its failed delivery attempts and its dead letters, oldest first.
     * {@code eventId} is the router's id ({@code <source>:<id>}) or the id a sender of
     * {@code router.webhook} gave (its router's id is {@code vobiz:<id>}); when both name an
     * event, the router's id wins ({@code sw:abc} is source {@code sw}'s {@code abc}; Vobiz's
     * {@code sw:abc} is then {@code vobiz:sw:abc}).
     */
    public Optional<Map<String, Object>> event(String eventId) {
        MapSqlParameterSource ids = new MapSqlParameterSource("id", eventId)
                .addValue("vobizId", EventIds.stored(InboxEvent.LEGACY_SOURCE, eventId));
        List<Map<String, Object>> found = jdbc.queryForList(InboxSql.EVENT, ids);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Object> id = Map.of("id", found.get(0).get("event_id"));
        Map<String, Object> event = new LinkedHashMap<>(row(found.get(0)));
        event.put("deliveries", deliveries(event, rows(jdbc.queryForList(InboxSql.EVENT_DELIVERIES, id))));
        event.put("failed_attempts", rows(jdbc.queryForList(InboxSql.EVENT_ATTEMPTS, id)));
        event.put("dead_letters", rows(jdbc.queryForList(InboxSql.EVENT_DEAD_LETTERS, id)));
        return Optional.of(event);
    }

    /**
     * The event's deliveries (destination, status, attempts, last error, next attempt): as table
     * {@code delivery} keeps them, else, for an event delivered everywhere at its first dispatch,
     * each of its destinations DONE with no failed attempt (PENDING for one not dispatched since it was
     * routed). Empty while its destinations are not decided.
     */
    private static List<Map<String, Object>> deliveries(Map<String, Object> event, List<Map<String, Object>> rows) {
        Object destinations = event.remove("destinations");
        if (!rows.isEmpty() || destinations == null) {
            return rows;
        }
        boolean done = "DONE".equals(event.get("status"));
        List<Map<String, Object>> listed = new java.util.ArrayList<>();
        for (String name : destinations.toString().split(",")) {
            if (!name.isBlank()) {
                Map<String, Object> delivery = new LinkedHashMap<>();
                delivery.put("destination", name);
                delivery.put("status", done ? "DONE" : "PENDING");
                delivery.put("attempts", 0);
                delivery.put("next_attempt_at", null);
                delivery.put("last_error", null);
                delivery.put("updated_at", done ? event.get("dispatched_at") : null);
                listed.add(delivery);
            }
        }
        return listed;
    }

    /**
     * Dead letters newest first, replayed or not, with the source of their event (null once the
     * event itself has been purged, so such a dead letter matches no source filter).
     */
    public List<Map<String, Object>> deadLetters(String sink, String type, String source, int limit) {
        return list(InboxSql.deadLetters(sink, type, source), limit);
    }

    /** Replays one dead letter; returns its event's id, or empty when there is no such dead letter. */
    public Optional<String> replay(long deadLetter) {
        return Optional.ofNullable(transaction.execute(status -> {
            List<String> events = jdbc.queryForList(InboxSql.DEAD_LETTER_EVENT, Map.of("id", deadLetter), String.class);
            if (events.isEmpty()) {
                return null;
            }
            replay(List.of(deadLetter));
            return events.get(0);
        }));
    }

    /**
     * The dead letters not replayed yet that match the filters (created in {@code [from, to)}),
     * replayed unless {@code dryRun}; returns how many matched.
     */
    public int replay(String sink, String type, Instant from, Instant to, boolean dryRun) {
        FilteredSelect select = InboxSql.deadLettersToReplay(sink, type, from, to);
        if (dryRun) {
            return ids(select).size();
        }
        return transaction.execute(status -> {
            List<Long> ids = ids(select);
            replay(ids);
            return ids.size();
        });
    }

    /** Rejected intake requests newest first. */
    public List<Map<String, Object>> rejections(String reason, String source, int limit) {
        return list(new FilteredSelect("SELECT received_at, source, source_ip, status, reason, detail, body_start FROM rejected_request "
                + "WHERE 1 = 1", " ORDER BY id DESC LIMIT :limit")
                .equal("reason", "reason", reason)
                .equal("source", "source", source), limit);
    }

    /** The PENDING events, and of them those waiting for each sink. */
    public record Backlog(long pending, Map<String, Long> bySink) {
    }

    /**
     * How many events are PENDING, and how many of them last stopped at each of {@code sinks}: their
     * {@code last_error}, as the dispatcher writes it for an event that waits, starts with the
     * sink's name and a space or a colon. Events not tried yet wait for no sink in particular. One
     * statement, reading only PENDING rows (through the index on status).
     */
    public Backlog backlog(List<String> sinks) {
        InboxSql.Named count = InboxSql.pendingBySink(sinks);
        return jdbc.query(count.sql(), count.params(), rs -> {
            rs.next();
            Map<String, Long> bySink = new LinkedHashMap<>();
            for (int i = 0; i < sinks.size(); i++) {
                bySink.put(sinks.get(i), rs.getLong("sink" + i));
            }
            return new Backlog(rs.getLong("pending"), bySink);
        });
    }

    /** The database sink's message status rows, most recently updated first. */
    public List<Map<String, Object>> latestMessageStatuses(int limit) {
        return rows(jdbc.queryForList("SELECT message_id, status, sent_at, delivered_at, read_at, failed_at, error_code "
                + "FROM message_status ORDER BY updated_at DESC LIMIT :limit", Map.of("limit", bounded(limit))));
    }

    /** The database sink's campaign result rows, most recently updated first. */
    public List<Map<String, Object>> latestCampaignResults(int limit) {
        return rows(jdbc.queryForList("SELECT campaign_id, name, total_count, sent_count, delivered_count, read_count, "
                + "failed_count FROM campaign_result ORDER BY updated_at DESC LIMIT :limit", Map.of("limit", bounded(limit))));
    }

    /** Runs inside the caller's transaction. */
    private void replay(List<Long> deadLetters) {
        Timestamp now = Timestamp.from(clock.instant());
        for (Long id : deadLetters) {
            MapSqlParameterSource params = new MapSqlParameterSource("id", id).addValue("now", now);
            // The event's row first (locked, as a dispatcher settling it locks it first), then its delivery.
            jdbc.update(InboxSql.REPLAY_EVENT, params);
            jdbc.update(InboxSql.REPLAY_PENDING_EVENT, params);
            if (jdbc.update(InboxSql.REPLAY_DELIVERY, params) == 0) {
                jdbc.update(InboxSql.REPLAY_UNDECIDED, params);
            }
            jdbc.update(InboxSql.MARK_REPLAYED, params);
        }
    }

    /** The select's rows, at most {@code limit} of them (bounded by {@link #MAX_LIMIT}). */
    private List<Map<String, Object>> list(FilteredSelect select, int limit) {
        return rows(jdbc.queryForList(select.sql(), select.params().addValue("limit", bounded(limit))));
    }

    private List<Long> ids(FilteredSelect select) {
        return jdbc.queryForList(select.sql(), select.params(), Long.class);
    }

    private static int bounded(int limit) {
        return Math.max(1, Math.min(limit, MAX_LIMIT));
    }

    private static List<Map<String, Object>> rows(List<Map<String, Object>> rows) {
        return rows.stream().map(InboxQueries::row).toList();
    }

    private static Map<String, Object> row(Map<String, Object> row) {
        Map<String, Object> lower = new LinkedHashMap<>();
        row.forEach((key, value) -> lower.put(key.toLowerCase(), value instanceof Timestamp t ? t.toInstant().toString() : value));
        return lower;
    }
}
