package com.vobizrouter.admin;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The operators' API: events with their status, dead letters with the reason and the sink's
 * answer, replay of one or many dead letters (through the same idempotent sinks: the event goes
 * back to PENDING and the dispatcher delivers it again), and the rejected intake requests.
 *
 * <p>Every call needs {@code Authorization: Bearer <router.admin.token>}, compared in constant
 * time; anything else is 401. Filters are bound parameters; only fixed SQL fragments are joined.
 */
@RestController
@RequestMapping(path = "/admin", produces = MediaType.APPLICATION_JSON_VALUE)
public class AdminApi {

    private static final int MAX_LIMIT = 1000;

    private final NamedParameterJdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final byte[] token;
    private final Clock clock;

    private final StandInView demo;

    /** @param demo the demo profile's stand-ins, or null outside that profile */
    public AdminApi(DataSource dataSource, String token, Clock clock, StandInView demo) {
        this.demo = demo;
        this.jdbc = new NamedParameterJdbcTemplate(dataSource);
        this.transaction = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        this.token = token.getBytes(StandardCharsets.UTF_8);
        this.clock = clock;
    }

    @GetMapping("/events")
    public ResponseEntity<?> events(@RequestHeader(name = "Authorization", required = false) String authorization,
            @RequestParam(required = false) String type, @RequestParam(required = false) String status,
            @RequestParam(required = false) String from, @RequestParam(required = false) String to,
            @RequestParam(required = false) String source, @RequestParam(defaultValue = "100") int limit) {
        if (!authorized(authorization)) {
            return unauthorized();
        }
        Query query = new Query("SELECT event_id, event_type, source, status, received_at, attempts, next_attempt_at, last_error, "
                + "dispatched_at FROM inbox_event WHERE 1 = 1");
        query.equal("event_type", "type", type);
        query.equal("source", "source", source);
        query.equal("status", "status", status == null ? null : status.toUpperCase());
        if (!query.range("received_at", from, to)) {
            return badRequest("from and to must be ISO-8601 instants, e.g. 2026-03-19T10:30:00Z");
        }
        return ResponseEntity.ok(Map.of("events", query.list(" ORDER BY received_at DESC, id DESC", limit)));
    }

    @GetMapping("/events/{eventId}")
    public ResponseEntity<?> event(@RequestHeader(name = "Authorization", required = false) String authorization,
            @PathVariable String eventId) {
        if (!authorized(authorization)) {
            return unauthorized();
        }
        List<Map<String, Object>> found = jdbc.queryForList("SELECT event_id, event_type, source, channel_id, event_timestamp, status, "
                + "received_at, attempts, next_attempt_at, last_error, dispatched_at, payload, normalised FROM inbox_event "
                + "WHERE event_id = :id",
                Map.of("id", eventId));
        if (found.isEmpty()) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", "no such event"));
        }
        Map<String, Object> event = new LinkedHashMap<>(lowerKeys(found.get(0)));
        event.put("failed_attempts", jdbc.queryForList("SELECT attempt, sink, outcome, reason, at FROM delivery_attempt "
                + "WHERE event_id = :id ORDER BY id", Map.of("id", eventId)).stream().map(AdminApi::lowerKeys).toList());
        event.put("dead_letters", jdbc.queryForList("SELECT id, sink, reason, sink_response, attempts, created_at, replayed_at "
                + "FROM dead_letter WHERE event_id = :id ORDER BY id", Map.of("id", eventId)).stream().map(AdminApi::lowerKeys).toList());
        return ResponseEntity.ok(event);
    }

    @GetMapping("/dead-letters")
    public ResponseEntity<?> deadLetters(@RequestHeader(name = "Authorization", required = false) String authorization,
            @RequestParam(required = false) String sink, @RequestParam(required = false) String type,
            @RequestParam(defaultValue = "100") int limit) {
        if (!authorized(authorization)) {
            return unauthorized();
        }
        Query query = new Query("SELECT id, event_id, event_type, sink, reason, sink_response, attempts, created_at, replayed_at "
                + "FROM dead_letter WHERE 1 = 1");
        query.equal("sink", "sink", sink);
        query.equal("event_type", "type", type);
        return ResponseEntity.ok(Map.of("dead_letters", query.list(" ORDER BY id DESC", limit)));
    }

    @PostMapping("/dead-letters/{id}/replay")
    public ResponseEntity<?> replayOne(@RequestHeader(name = "Authorization", required = false) String authorization,
            @PathVariable long id) {
        if (!authorized(authorization)) {
            return unauthorized();
        }
        List<String> events = jdbc.queryForList("SELECT event_id FROM dead_letter WHERE id = :id", Map.of("id", id), String.class);
        if (events.isEmpty()) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", "no such dead letter"));
        }
        replay(List.of(id));
        return ResponseEntity.ok(Map.of("replayed", 1, "event_id", events.get(0)));
    }

    /** Body: {@code {"sink","type","from","to","dryRun"}}; replays dead letters not replayed yet. */
    @PostMapping("/replay")
    public ResponseEntity<?> replayMany(@RequestHeader(name = "Authorization", required = false) String authorization,
            @RequestBody(required = false) Map<String, Object> filter) {
        if (!authorized(authorization)) {
            return unauthorized();
        }
        Map<String, Object> f = filter == null ? Map.of() : filter;
        Query query = new Query("SELECT id FROM dead_letter WHERE replayed_at IS NULL");
        query.equal("sink", "sink", text(f.get("sink")));
        query.equal("event_type", "type", text(f.get("type")));
        if (!query.range("created_at", text(f.get("from")), text(f.get("to")))) {
            return badRequest("from and to must be ISO-8601 instants, e.g. 2026-03-19T10:30:00Z");
        }
        List<Long> ids = jdbc.queryForList(query.sql + " ORDER BY id", query.params, Long.class);
        boolean dryRun = Boolean.TRUE.equals(f.get("dryRun")) || "true".equals(text(f.get("dryRun")));
        if (!dryRun) {
            replay(ids);
        }
        return ResponseEntity.ok(Map.of("matched", ids.size(), "replayed", dryRun ? 0 : ids.size(), "dryRun", dryRun));
    }

    @GetMapping("/rejections")
    public ResponseEntity<?> rejections(@RequestHeader(name = "Authorization", required = false) String authorization,
            @RequestParam(required = false) String reason, @RequestParam(required = false) String source,
            @RequestParam(defaultValue = "100") int limit) {
        if (!authorized(authorization)) {
            return unauthorized();
        }
        Query query = new Query("SELECT received_at, source, source_ip, status, reason, detail, body_start FROM rejected_request "
                + "WHERE 1 = 1");
        query.equal("reason", "reason", reason);
        query.equal("source", "source", source);
        return ResponseEntity.ok(Map.of("rejections", query.list(" ORDER BY id DESC", limit)));
    }

    /** Demo profile only: what the stand-ins received and the latest database sink rows. */
    @GetMapping("/demo")
    public ResponseEntity<?> demo(@RequestHeader(name = "Authorization", required = false) String authorization) {
        if (!authorized(authorization)) {
            return unauthorized();
        }
        if (demo == null) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", "the demo profile is not active"));
        }
        Map<String, Object> view = new LinkedHashMap<>(demo.received());
        view.put("messageStatus", jdbc.queryForList("SELECT message_id, status, sent_at, delivered_at, read_at, failed_at, error_code "
                + "FROM message_status ORDER BY updated_at DESC LIMIT 25", Map.of()).stream().map(AdminApi::lowerKeys).toList());
        view.put("campaignResults", jdbc.queryForList("SELECT campaign_id, name, total_count, sent_count, delivered_count, read_count, "
                + "failed_count FROM campaign_result ORDER BY updated_at DESC LIMIT 25", Map.of()).stream().map(AdminApi::lowerKeys).toList());
        return ResponseEntity.ok(view);
    }

    @GetMapping("/openapi.json")
    public ResponseEntity<?> openApi(@RequestHeader(name = "Authorization", required = false) String authorization) throws IOException {
        if (!authorized(authorization)) {
            return unauthorized();
        }
        try (InputStream in = AdminApi.class.getResourceAsStream("/admin/openapi.json")) {
            return ResponseEntity.ok(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    /** Each dead letter marked replayed and its event back to PENDING, due now, with fresh attempts. */
    private void replay(List<Long> deadLetters) {
        Timestamp now = Timestamp.from(clock.instant());
        transaction.executeWithoutResult(status -> {
            for (Long id : deadLetters) {
                MapSqlParameterSource params = new MapSqlParameterSource("id", id).addValue("now", now);
                jdbc.update("UPDATE inbox_event SET status = 'PENDING', attempts = 0, next_attempt_at = :now, last_error = NULL, "
                        + "locked_by = NULL, locked_until = NULL WHERE event_id = (SELECT event_id FROM dead_letter WHERE id = :id) "
                        + "AND status = 'DEAD'", params);
                jdbc.update("UPDATE dead_letter SET replayed_at = :now WHERE id = :id", params);
            }
        });
    }

    private boolean authorized(String authorization) {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return false;
        }
        return MessageDigest.isEqual(token, authorization.substring("Bearer ".length()).trim().getBytes(StandardCharsets.UTF_8));
    }

    private static ResponseEntity<?> unauthorized() {
        return ResponseEntity.status(HttpStatus.UNAUTHORIZED).header("WWW-Authenticate", "Bearer")
                .body(Map.of("error", "missing or wrong bearer token"));
    }

    private static ResponseEntity<?> badRequest(String message) {
        return ResponseEntity.badRequest().body(Map.of("error", message));
    }

    private static String text(Object value) {
        return value == null || value.toString().isBlank() ? null : value.toString();
    }

    private static Map<String, Object> lowerKeys(Map<String, Object> row) {
        Map<String, Object> lower = new LinkedHashMap<>();
        row.forEach((key, value) -> lower.put(key.toLowerCase(), value instanceof Timestamp t ? t.toInstant().toString() : value));
        return lower;
    }

    /** A SELECT with optional filters, each a fixed fragment with a bound parameter. */
    private final class Query {
        private final StringBuilder sql;
        private final MapSqlParameterSource params = new MapSqlParameterSource();

        Query(String select) {
            this.sql = new StringBuilder(select);
        }

        void equal(String column, String param, String value) {
            if (value != null && !value.isBlank()) {
                sql.append(" AND ").append(column).append(" = :").append(param);
                params.addValue(param, value);
            }
        }

        boolean range(String column, String from, String to) {
            try {
                if (from != null) {
                    sql.append(" AND ").append(column).append(" >= :from");
                    params.addValue("from", Timestamp.from(Instant.parse(from)));
                }
                if (to != null) {
                    sql.append(" AND ").append(column).append(" < :to");
                    params.addValue("to", Timestamp.from(Instant.parse(to)));
                }
                return true;
            } catch (DateTimeParseException e) {
                return false;
            }
        }

        List<Map<String, Object>> list(String order, int limit) {
            params.addValue("limit", Math.max(1, Math.min(limit, MAX_LIMIT)));
            return jdbc.queryForList(sql + order + " LIMIT :limit", params).stream().map(AdminApi::lowerKeys).toList();
        }
    }
}
