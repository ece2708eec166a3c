package com.vobizrouter.demo;

import java.time.Instant;
import java.util.ArrayList;
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
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The {@code demo} profile's stand-ins for Salesforce and Zendesk, so a newcomer can send the
 * samples and watch contacts and tickets appear without any account. They answer the few calls
 * the real camel-salesforce and camel-zendesk components make (OAuth token, Contact collection
 * upsert; users, tickets, comments) and keep what they receive in memory, shown in the console.
 * Real credentials in {@code camel.component.*} point the components elsewhere, and these sit
 * unused. Never active outside the demo profile.
 */
@RestController
@Profile("demo")
@RequestMapping(path = "/demo", produces = MediaType.APPLICATION_JSON_VALUE)
public class DemoBusinessSystems implements StandInView {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, Map<String, Object>> contacts = new ConcurrentHashMap<>();
    private final Map<Long, Map<String, Object>> users = new ConcurrentHashMap<>();
    private final Map<Long, Map<String, Object>> tickets = new ConcurrentHashMap<>();
    private final Map<Long, List<Map<String, Object>>> comments = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong(1000);
    private final long latencyMillis;

    public DemoBusinessSystems(DemoSettings settings) {
        this.latencyMillis = settings.latency().toMillis();
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
    public Map<String, Object> token(@org.springframework.web.bind.annotation.RequestHeader("Host") String host) {
        String base = "http://" + host + "/demo/salesforce";
        return Map.of("access_token", "00Ddemo!token", "instance_url", base, "id", base + "/id/00D000000000001AAA/005000000000001AAA",
                "token_type", "Bearer", "issued_at", String.valueOf(Instant.now().toEpochMilli()), "signature", "ZGVtbw==");
    }

    @PatchMapping("/salesforce/services/data/{version}/composite/sobjects/Contact/{field}")
    public List<Map<String, Object>> upsertContacts(@PathVariable String field, @RequestBody JsonNode body) {
        answerTime();
        List<Map<String, Object>> results = new ArrayList<>();
        for (JsonNode record : body.path("records")) {
            Map<String, Object> contact = JSON.convertValue(record, Map.class);
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

    // --- Zendesk -------------------------------------------------------------------------------

    @PostMapping("/zendesk/api/v2/users/create_or_update.json")
    public Map<String, Object> createOrUpdateUser(@RequestBody JsonNode body) {
        answerTime();
        JsonNode user = body.path("user");
        String externalId = user.path("external_id").asText();
        Map<String, Object> existing = users.values().stream().filter(u -> externalId.equals(u.get("external_id"))).findFirst().orElse(null);
        Map<String, Object> saved = new LinkedHashMap<>(existing == null ? Map.of("id", ids.incrementAndGet()) : existing);
        saved.put("external_id", externalId);
        saved.put("name", user.path("name").asText());
        if (user.hasNonNull("phone")) {
            saved.put("phone", user.path("phone").asText());
        }
        users.put((Long) saved.get("id"), saved);
        return Map.of("user", saved);
    }

    @GetMapping("/zendesk/api/v2/tickets.json")
    public Map<String, Object> ticketsByExternalId(@RequestParam("external_id") String externalId) {
        answerTime();
        return page("tickets", tickets.values().stream().filter(t -> externalId.equals(t.get("external_id"))).toList());
    }

    @PostMapping("/zendesk/api/v2/tickets.json")
    public ResponseEntity<Map<String, Object>> createTicket(@RequestBody JsonNode body) {
        answerTime();
        JsonNode ticket = body.path("ticket");
        long id = ids.incrementAndGet();
        Map<String, Object> saved = new LinkedHashMap<>();
        saved.put("id", id);
        saved.put("status", "new");
        saved.put("external_id", ticket.path("external_id").asText());
        saved.put("requester_id", ticket.path("requester_id").asLong());
        saved.put("subject", ticket.path("subject").asText());
        saved.put("created_at", Instant.now().toString());
        tickets.put(id, saved);
        comments.put(id, new ArrayList<>(List.of(comment(ticket.path("comment")))));
        return ResponseEntity.status(201).body(Map.of("ticket", saved));
    }

    @GetMapping("/zendesk/api/v2/tickets/{id}/comments.json")
    public Map<String, Object> comments(@PathVariable long id) {
        answerTime();
        return page("comments", comments.getOrDefault(id, List.of()));
    }

    @PutMapping("/zendesk/api/v2/tickets/{id}.json")
    public Map<String, Object> addComment(@PathVariable long id, @RequestBody JsonNode body) {
        answerTime();
        Map<String, Object> ticket = tickets.get(id);
        if (body.path("ticket").has("comment")) {
            comments.computeIfAbsent(id, key -> new ArrayList<>()).add(comment(body.path("ticket").path("comment")));
            ticket.put("status", "open");
        }
        return Map.of("ticket", ticket);
    }

    // --- what the console shows ------------------------------------------------------------------

    /** Contacts and tickets (with their comments) received so far. */
    @Override
    public Map<String, Object> received() {
        List<Map<String, Object>> withComments = tickets.values().stream().map(ticket -> {
            Map<String, Object> copy = new LinkedHashMap<>(ticket);
            copy.put("comments", comments.getOrDefault((Long) ticket.get("id"), List.of()).stream().map(c -> c.get("body")).toList());
            return copy;
        }).toList();
        return Map.of("salesforceContacts", new ArrayList<>(contacts.values()), "zendeskTickets", withComments);
    }

    private Map<String, Object> comment(JsonNode comment) {
        Map<String, Object> saved = new LinkedHashMap<>();
        saved.put("id", ids.incrementAndGet());
        saved.put("type", "Comment");
        saved.put("body", comment.path("body").asText());
        saved.put("author_id", comment.path("author_id").asLong());
        saved.put("public", comment.path("public").asBoolean(true));
        return saved;
    }

    private static Map<String, Object> page(String name, List<?> items) {
        Map<String, Object> page = new LinkedHashMap<>();
        page.put(name, items);
        page.put("next_page", null);
        page.put("count", items.size());
        return page;
    }
}
