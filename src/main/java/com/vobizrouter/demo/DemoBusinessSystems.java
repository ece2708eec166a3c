package com.vobizrouter.demo;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.vobizrouter.admin.StandInView;
import org.springframework.context.annotation.Profile;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The {@code demo} profile's stand-ins for Salesforce and Zendesk, so a newcomer can send the
 * samples and watch contacts and tickets appear without any account. They answer the few calls
 * the real camel-salesforce and camel-zendesk components make (OAuth token, Contact collection
 * upsert; users, tickets, comments) and keep what they receive in memory, shown in the console.
 * Zendesk's part is {@link InMemoryZendesk}, the model the tests' Zendesk fake answers from too.
 * Real credentials in {@code camel.component.*} point the components elsewhere, and these sit
 * unused. Never active outside the demo profile.
 */
@RestController
@Profile("demo")
@RequestMapping(path = "/demo", produces = MediaType.APPLICATION_JSON_VALUE)
public class DemoBusinessSystems implements StandInView {

    private final Map<String, Map<String, Object>> contacts = new ConcurrentHashMap<>();
    private final InMemoryZendesk zendesk = new InMemoryZendesk();
    private final long latencyMillis;
    private final int zendeskRateLimit;
    /** When the Zendesk stand-in answered each call of the last minute (rate limit only). */
    private final Deque<Long> zendeskAnswered = new ArrayDeque<>();
    private final AtomicLong zendeskCalls = new AtomicLong();
    private final AtomicLong zendeskRateLimited = new AtomicLong();

    private final ObjectMapper json;

    public DemoBusinessSystems(DemoSettings settings, ObjectMapper json) {
        this.json = json;
        this.latencyMillis = settings.latency().toMillis();
        this.zendeskRateLimit = settings.zendeskRateLimit();
    }

    /** A Zendesk call beyond the stand-in's limit a minute, answered 429 as Zendesk does. */
    static final class RateLimited extends RuntimeException {
        final long retryAfterSeconds;

        RateLimited(long retryAfterSeconds) {
            super(null, null, false, false);
            this.retryAfterSeconds = retryAfterSeconds;
        }
    }

    /** Counts a Zendesk call and refuses it when the last minute already had the limit's worth. */
    private void zendeskCall() {
        zendeskCalls.incrementAndGet();
        if (zendeskRateLimit <= 0) {
            return;
        }
        long now = System.currentTimeMillis();
        synchronized (zendeskAnswered) {
            while (!zendeskAnswered.isEmpty() && zendeskAnswered.peekFirst() <= now - 60_000) {
                zendeskAnswered.pollFirst();
            }
            if (zendeskAnswered.size() >= zendeskRateLimit) {
                zendeskRateLimited.incrementAndGet();
                throw new RateLimited(Math.max(1, (zendeskAnswered.peekFirst() + 60_000 - now + 999) / 1000));
            }
            zendeskAnswered.addLast(now);
        }
    }

    @ExceptionHandler(RateLimited.class)
    ResponseEntity<Map<String, Object>> rateLimited(RateLimited limited) {
        return ResponseEntity.status(429).header("Retry-After", String.valueOf(limited.retryAfterSeconds))
                .contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("error", "APIRateLimitExceeded", "description", "Number of allowed API requests per minute exceeded"));
    }

    private void answerTime() {
        if (latencyMillis > 0) {
            try {
                Thread.sleep(latencyMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    // --- Salesforce ----------------------------------------------------------------------------

    @PostMapping("/salesforce/services/oauth2/token")
    public Map<String, Object> token(@RequestHeader("Host") String host) {
        String base = "http://" + host + "/demo/salesforce";
        return Map.of("access_token", "00Ddemo!token", "instance_url", base, "id", base + "/id/00D000000000001AAA/005000000000001AAA",
                "token_type", "Bearer", "issued_at", String.valueOf(Instant.now().toEpochMilli()), "signature", "ZGVtbw==");
    }

    @PatchMapping("/salesforce/services/data/{version}/composite/sobjects/Contact/{field}")
    public List<Map<String, Object>> upsertContacts(@PathVariable String field, @RequestBody JsonNode body) {
        answerTime();
        List<Map<String, Object>> results = new ArrayList<>();
        for (JsonNode record : body.path("records")) {
            Map<String, Object> contact = json.convertValue(record, Map.class);
            contact.remove("attributes");
            String key = record.path(field).asText();
            boolean created = !contacts.containsKey(key);
            contact.put("LastModifiedDate", Instant.now().toString());
            contacts.merge(key, contact, (old, fresh) -> {
                Map<String, Object> merged = new LinkedHashMap<>(old);
                merged.putAll(fresh);
                return merged;
            });
            results.add(Map.of("id", "003DEMO" + Math.abs(key.hashCode()), "success", true, "errors", List.of(), "created", created));
        }
        return results;
    }

    // --- Zendesk: the shared model answers ---------------------------------------------------

    @PostMapping("/zendesk/api/v2/users/create_or_update.json")
    public Map<String, Object> createOrUpdateUser(@RequestBody JsonNode body) {
        zendeskCall();
        answerTime();
        return zendesk.createOrUpdateUser(body);
    }

    @GetMapping("/zendesk/api/v2/tickets.json")
    public Map<String, Object> ticketsByExternalId(@RequestParam("external_id") String externalId) {
        zendeskCall();
        answerTime();
        return zendesk.ticketsByExternalId(externalId);
    }

    @PostMapping("/zendesk/api/v2/tickets.json")
    public ResponseEntity<Map<String, Object>> createTicket(@RequestBody JsonNode body,
            @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
        zendeskCall();
        answerTime();
        return answer(zendesk.createTicket(body, idempotencyKey));
    }

    @GetMapping("/zendesk/api/v2/tickets/{id}/comments.json")
    public Map<String, Object> comments(@PathVariable long id) {
        zendeskCall();
        answerTime();
        return zendesk.comments(id);
    }

    @PutMapping("/zendesk/api/v2/tickets/{id}.json")
    public ResponseEntity<Map<String, Object>> addComment(@PathVariable long id, @RequestBody JsonNode body) {
        zendeskCall();
        answerTime();
        return answer(zendesk.updateTicket(id, body));
    }

    private static ResponseEntity<Map<String, Object>> answer(InMemoryZendesk.Answer answer) {
        ResponseEntity.BodyBuilder response = ResponseEntity.status(answer.status());
        if (answer.replayed()) {
            response.header("x-idempotency-lookup", "hit");
        }
        return response.body(answer.body());
    }

    // --- what the console shows ------------------------------------------------------------------

    /** Contacts and tickets (with their comments) received so far. */
    @Override
    public Map<String, Object> received() {
        return Map.of("salesforceContacts", new ArrayList<>(contacts.values()), "zendeskTickets", zendesk.ticketsWithComments(),
                "zendeskApi", Map.of("calls", zendeskCalls.get(), "rateLimited", zendeskRateLimited.get(), "limitPerMinute", zendeskRateLimit));
    }
}
