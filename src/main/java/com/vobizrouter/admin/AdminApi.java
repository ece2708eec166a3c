package com.vobizrouter.admin;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.vobizrouter.inbox.InboxEvent;
import com.vobizrouter.inbox.InboxQueries;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * The operators' API: events with their status, dead letters with the reason and the sink's
 * answer, replay of one or many dead letters (through the same idempotent sinks: the event goes
 * back to PENDING and the dispatcher delivers it again), the rejected intake requests, and the
 * API-limited sinks with their state, limit, calls a minute and backlog ({@link SinkView}).
 *
 * <p>Every call needs {@code Authorization: Bearer <router.admin.token>}: {@link AdminTokenFilter}
 * answers 401 to anything else before a handler is reached. The reading and replaying is
 * {@link InboxQueries}; this class only turns requests into its calls and its results into answers.
 */
@RestController
@RequestMapping(path = "/admin", produces = MediaType.APPLICATION_JSON_VALUE)
public class AdminApi {

    private static final int DEMO_ROWS = 25;

    /** How many minutes of API calls {@code GET /admin/sinks} shows. */
    static final int SINK_MINUTES = 15;

    private final InboxQueries inbox;
    private final StandInView demo;
    private final List<Source> sources;
    private final SinkView sinks;
    private final Clock clock;
    private final DryRunner dryRunner;
    private final ObjectMapper json;

    /** Events a dry run takes at most per request. */
    static final int DRY_RUN_MAX = InboxQueries.MAX_LIMIT;

    /** One webhook source as the admin API lists it. */
    public record Source(String name, String path, String profile) {
    }

    /**
     * @param sources the router's webhook sources, in the order the console offers them
     * @param sinks   the API-limited business systems
     * @param demo    the demo profile's stand-ins, or null outside that profile
     */
    public AdminApi(InboxQueries inbox, List<Source> sources, SinkView sinks, Clock clock, StandInView demo, DryRunner dryRunner,
            ObjectMapper json) {
        this.dryRunner = dryRunner;
        this.json = json;
        this.inbox = inbox;
        this.sources = List.copyOf(sources);
        this.sinks = sinks;
        this.clock = clock;
        this.demo = demo;
    }

    /** The webhook sources of this router, the SPEC's ({@code vobiz}) first: what the {@code source} filters take. */
    @GetMapping("/sources")
    public ResponseEntity<?> sources() {
        return ResponseEntity.ok(Map.of("sources", sources));
    }

    /**
     * Each API-limited sink: its state, its limit, this instance's calls a minute over the last
     * {@value #SINK_MINUTES} minutes up to the minute of {@code at}, and its backlog (PENDING
     * events that last stopped at it); and every PENDING event.
     */
    @GetMapping("/sinks")
    public ResponseEntity<?> sinks() {
        Instant at = clock.instant();
        InboxQueries.Backlog backlog = inbox.backlog(sinks.sinks());
        List<Map<String, Object>> described = sinks.sinks().stream().map(sink -> {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("name", sink);
            one.putAll(sinks.describe(sink, SINK_MINUTES, at));
            one.put("backlog", backlog.bySink().get(sink));
            return one;
        }).toList();
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("at", at.toString());
        view.put("minutes", SINK_MINUTES);
        view.put("pending", backlog.pending());
        view.put("sinks", described);
        return ResponseEntity.ok(view);
    }

    @GetMapping("/events")
    public ResponseEntity<?> events(@RequestParam(required = false) String type, @RequestParam(required = false) String status,
            @RequestParam(required = false) String from, @RequestParam(required = false) String to,
            @RequestParam(required = false) String source, @RequestParam(defaultValue = "100") int limit) {
        return ResponseEntity.ok(Map.of("events", inbox.events(type, source, status, instant(from), instant(to), limit)));
    }

    /**
     * Recorded events oldest first as JSON lines (one event a line: {@code event_id}, {@code type},
     * {@code source}, {@code channel_id}, {@code event_timestamp}, {@code received_at},
     * {@code payload} as sent, {@code view} as the router read it when it differs), at most
     * {@value InboxQueries#MAX_LIMIT}: what another router's {@code POST /admin/dry-run} takes.
     */
    @GetMapping(value = "/events/export", produces = "application/x-ndjson")
    public ResponseEntity<StreamingResponseBody> export(@RequestParam(required = false) String type,
            @RequestParam(required = false) String source, @RequestParam(required = false) String from,
            @RequestParam(required = false) String to, @RequestParam(defaultValue = "100") int limit) {
        Instant since = instant(from);
        Instant until = instant(to);
        StreamingResponseBody lines = out -> inbox.recorded(type, source, since, until, limit, event -> {
            try {
                out.write(json.writeValueAsBytes(exported(event)));
                out.write('\n');
            } catch (IOException failed) {
                throw new java.io.UncheckedIOException(failed);
            }
        });
        return ResponseEntity.ok().contentType(MediaType.parseMediaType("application/x-ndjson")).body(lines);
    }

    /**
     * Runs events through the routes as they are now, every destination replaced by a recorder:
     * the body is either a filter of this router's recorded events ({@code {"type", "source",
     * "from", "to", "limit"}}, at most {@value #DRY_RUN_MAX}) or events exported by
     * {@code GET /admin/events/export} (JSON lines, {@code application/x-ndjson}). Answers per
     * event what each destination would have received; nothing is called or written.
     */
    @PostMapping("/dry-run")
    public ResponseEntity<?> dryRun(@RequestBody(required = false) String body) {
        List<InboxEvent> events = new ArrayList<>();
        String text = body == null ? "" : body.strip();
        try {
            if (text.isEmpty() || text.startsWith("{") && !text.contains("\n") && !text.contains("\"payload\"")) {
                Map<String, Object> filter = text.isEmpty() ? Map.of() : json.readValue(text, new TypeReference<Map<String, Object>>() { });
                int limit = filter.get("limit") instanceof Number n ? n.intValue() : 100;
                if (limit > DRY_RUN_MAX) {
                    return ResponseEntity.badRequest().body(Map.of("error", "limit: at most " + DRY_RUN_MAX + " events a dry run"));
                }
                inbox.recorded(text(filter, "type"), text(filter, "source"), instant(text(filter, "from")), instant(text(filter, "to")),
                        limit, events::add);
            } else {
                for (String line : text.split("\n")) {
                    if (!line.isBlank()) {
                        events.add(imported(json.readTree(line)));
                    }
                    if (events.size() > DRY_RUN_MAX) {
                        return ResponseEntity.badRequest().body(Map.of("error", "at most " + DRY_RUN_MAX + " events a dry run"));
                    }
                }
            }
        } catch (IOException | IllegalArgumentException | DateTimeParseException unreadable) {
            return ResponseEntity.badRequest().body(Map.of("error", "not a filter nor exported events: " + unreadable.getMessage()));
        }
        List<Map<String, Object>> results = dryRunner.run(events);
        return ResponseEntity.ok(Map.of("count", results.size(), "events", results));
    }

    private static Map<String, Object> exported(InboxEvent event) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("event_id", event.eventId());
        line.put("type", event.eventType());
        line.put("source", event.source());
        line.put("channel_id", event.channelId());
        line.put("event_timestamp", event.eventTimestamp());
        line.put("received_at", event.receivedAt() == null ? null : event.receivedAt().toString());
        line.put("payload", event.payload());
        line.put("view", event.view());
        return line;
    }

    /** An exported event as the dry run takes it; its payload and view are data, never parsed here. */
    private static InboxEvent imported(JsonNode line) {
        String eventId = line.path("event_id").asText(null);
        String payload = line.path("payload").isTextual() ? line.get("payload").asText() : null;
        if (eventId == null || payload == null) {
            throw new IllegalArgumentException("an exported event has event_id and payload (text)");
        }
        String received = line.path("received_at").asText(null);
        return new InboxEvent(0, eventId, line.path("type").asText(null), line.path("channel_id").asText(null),
                line.path("event_timestamp").asText(null), received == null ? null : Instant.parse(received), 0, payload, null,
                line.path("source").asText(InboxEvent.LEGACY_SOURCE), line.path("view").isTextual() ? line.get("view").asText() : null);
    }

    private static String text(Map<String, Object> filter, String key) {
        Object value = filter.get(key);
        return value == null ? null : value.toString();
    }

    @GetMapping("/events/{eventId}")
    public ResponseEntity<?> event(@PathVariable String eventId) {
        Optional<Map<String, Object>> event = inbox.event(eventId);
        if (event.isEmpty()) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", "no such event"));
        }
        return ResponseEntity.ok(event.get());
    }

    @GetMapping("/dead-letters")
    public ResponseEntity<?> deadLetters(@RequestParam(required = false) String sink, @RequestParam(required = false) String destination,
            @RequestParam(required = false) String type, @RequestParam(required = false) String source,
            @RequestParam(defaultValue = "100") int limit) {
        return ResponseEntity.ok(Map.of("dead_letters", inbox.deadLetters(sink != null ? sink : destination, type, source, limit)));
    }

    @PostMapping("/dead-letters/{id}/replay")
    public ResponseEntity<?> replayOne(@PathVariable long id) {
        Optional<String> event = inbox.replay(id);
        if (event.isEmpty()) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", "no such dead letter"));
        }
        return ResponseEntity.ok(Map.of("replayed", 1, "event_id", event.get()));
    }

    /**
     * Body: {@code {"sink","type","from","to","dryRun"}} ({@code "destination"} is another name for
     * {@code "sink"}); replays dead letters not replayed yet, each to its own destination only.
     */
    @PostMapping("/replay")
    public ResponseEntity<?> replayMany(@RequestBody(required = false) Map<String, Object> filter) {
        Map<String, Object> f = filter == null ? Map.of() : filter;
        Instant from = instant(text(f.get("from")));
        Instant to = instant(text(f.get("to")));
        boolean dryRun = Boolean.TRUE.equals(f.get("dryRun")) || "true".equals(text(f.get("dryRun")));
        String sink = text(f.get("sink")) != null ? text(f.get("sink")) : text(f.get("destination"));
        int matched = inbox.replay(sink, text(f.get("type")), from, to, dryRun);
        return ResponseEntity.ok(Map.of("matched", matched, "replayed", dryRun ? 0 : matched, "dryRun", dryRun));
    }

    @GetMapping("/rejections")
    public ResponseEntity<?> rejections(@RequestParam(required = false) String reason, @RequestParam(required = false) String source,
            @RequestParam(defaultValue = "100") int limit) {
        return ResponseEntity.ok(Map.of("rejections", inbox.rejections(reason, source, limit)));
    }

    /** Demo profile only: what the stand-ins received and the latest database sink rows. */
    @GetMapping("/demo")
    public ResponseEntity<?> demo() {
        if (demo == null) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", "the demo profile is not active"));
        }
        Map<String, Object> view = new LinkedHashMap<>(demo.received());
        view.put("messageStatus", inbox.latestMessageStatuses(DEMO_ROWS));
        view.put("campaignResults", inbox.latestCampaignResults(DEMO_ROWS));
        return ResponseEntity.ok(view);
    }

    @GetMapping("/openapi.json")
    public ResponseEntity<?> openApi() throws IOException {
        try (InputStream in = AdminApi.class.getResourceAsStream("/admin/openapi.json")) {
            return ResponseEntity.ok(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @ExceptionHandler(DateTimeParseException.class)
    ResponseEntity<?> notAnInstant() {
        return ResponseEntity.badRequest().body(Map.of("error", "from and to must be ISO-8601 instants, e.g. 2026-03-19T10:30:00Z"));
    }

    /** Null stays null (no filter); anything else must be an ISO-8601 instant. */
    private static Instant instant(String text) {
        return text == null ? null : Instant.parse(text);
    }

    private static String text(Object value) {
        return value == null || value.toString().isBlank() ? null : value.toString();
    }
}
