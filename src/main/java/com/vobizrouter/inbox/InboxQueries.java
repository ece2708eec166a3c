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
        Select select = new Select("SELECT event_id, event_type, source, status, received_at, attempts, next_attempt_at, last_error, "
                + "dispatched_at FROM inbox_event WHERE 1 = 1");
        select.equal("event_type", "type", type);
        select.equal("source", "source", source);
        select.equal("status", "status", status == null ? null : status.toUpperCase());
        select.range("received_at", from, to);
        return select.list(" ORDER BY received_at DESC, id DESC", limit);
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
        List<Map<String, Object>> found = jdbc.queryForList("SELECT event_id, event_type, source, channel_id, event_timestamp, status, "
                + "received_at, attempts, next_attempt_at, last_error, dispatched_at, payload, normalised FROM inbox_event "
                + "WHERE event_id IN (:id, :vobizId) ORDER BY CASE WHEN event_id = :id THEN 0 ELSE 1 END", ids);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Object> id = Map.of("id", found.get(0).get("event_id"));
        Map<String, Object> event = new LinkedHashMap<>(row(found.get(0)));
        event.put("failed_attempts", rows(jdbc.queryForList("SELECT attempt, sink, outcome, reason, at FROM delivery_attempt "
                + "WHERE event_id = :id ORDER BY id", id)));
        event.put("dead_letters", rows(jdbc.queryForList("SELECT id, sink, reason, sink_response, attempts, created_at, replayed_at "
                + "FROM dead_letter WHERE event_id = :id ORDER BY id", id)));
        return Optional.of(event);
    }

    /**
     * Dead letters newest first, replayed or not, with the source of their event (null once the
     * event itself has been purged, so such a dead letter matches no source filter).
     */
    public List<Map<String, Object>> deadLetters(String sink, String type, String source, int limit) {
        Select select = new Select("SELECT d.id, d.event_id, d.event_type, e.source, d.sink, d.reason, d.sink_response, d.attempts, "
                + "d.created_at, d.replayed_at FROM dead_letter d LEFT JOIN inbox_event e ON e.event_id = d.event_id WHERE 1 = 1");
        select.equal("d.sink", "sink", sink);
        select.equal("d.event_type", "type", type);
        select.equal("e.source", "source", source);
        return select.list(" ORDER BY d.id DESC", limit);
    }

    /** Replays one dead letter; returns its event's id, or empty when there is no such dead letter. */
    public Optional<String> replay(long deadLetter) {
        return Optional.ofNullable(transaction.execute(status -> {
            List<String> events = jdbc.queryForList("SELECT event_id FROM dead_letter WHERE id = :id", Map.of("id", deadLetter),
                    String.class);
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
        Select select = new Select("SELECT id FROM dead_letter WHERE replayed_at IS NULL");
        select.equal("sink", "sink", sink);
        select.equal("event_type", "type", type);
        select.range("created_at", from, to);
        if (dryRun) {
            return select.ids().size();
        }
        return transaction.execute(status -> {
            List<Long> ids = select.ids();
            replay(ids);
            return ids.size();
        });
    }

    /** Rejected intake requests newest first. */
    public List<Map<String, Object>> rejections(String reason, String source, int limit) {
        Select select = new Select("SELECT received_at, source, source_ip, status, reason, detail, body_start FROM rejected_request "
                + "WHERE 1 = 1");
        select.equal("reason", "reason", reason);
        select.equal("source", "source", source);
        return select.list(" ORDER BY id DESC", limit);
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
        StringBuilder sql = new StringBuilder("SELECT COUNT(*) AS pending");
        MapSqlParameterSource params = new MapSqlParameterSource();
        for (int i = 0; i < sinks.size(); i++) {
            String sink = sinks.get(i).toLowerCase();
            sql.append(", COALESCE(SUM(CASE WHEN LOWER(LEFT(last_error, :length").append(i).append(")) IN (:spaced").append(i)
                    .append(", :colon").append(i).append(") THEN 1 ELSE 0 END), 0) AS sink").append(i);
            params.addValue("length" + i, sink.length() + 1).addValue("spaced" + i, sink + " ").addValue("colon" + i, sink + ":");
        }
        sql.append(" FROM inbox_event WHERE status = 'PENDING'");
        return jdbc.query(sql.toString(), params, rs -> {
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
            jdbc.update("UPDATE inbox_event SET status = 'PENDING', attempts = 0, next_attempt_at = :now, last_error = NULL, "
                    + "locked_by = NULL, locked_until = NULL WHERE event_id = (SELECT event_id FROM dead_letter WHERE id = :id) "
                    + "AND status = 'DEAD'", params);
            jdbc.update("UPDATE dead_letter SET replayed_at = :now WHERE id = :id", params);
        }
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

    /** A SELECT with optional filters, each a fixed fragment with a bound parameter. */
    private final class Select {
        private final StringBuilder sql;
        private final MapSqlParameterSource params = new MapSqlParameterSource();

        Select(String select) {
            this.sql = new StringBuilder(select);
        }

        void equal(String column, String param, String value) {
            if (value != null && !value.isBlank()) {
                sql.append(" AND ").append(column).append(" = :").append(param);
                params.addValue(param, value);
            }
        }

        void range(String column, Instant from, Instant to) {
            if (from != null) {
                sql.append(" AND ").append(column).append(" >= :from");
                params.addValue("from", Timestamp.from(from));
            }
            if (to != null) {
                sql.append(" AND ").append(column).append(" < :to");
                params.addValue("to", Timestamp.from(to));
            }
        }

        List<Map<String, Object>> list(String order, int limit) {
            params.addValue("limit", bounded(limit));
            return rows(jdbc.queryForList(sql + order + " LIMIT :limit", params));
        }

        List<Long> ids() {
            return jdbc.queryForList(sql + " ORDER BY id", params, Long.class);
        }
    }
}
