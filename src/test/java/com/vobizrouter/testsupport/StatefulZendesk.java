package com.vobizrouter.testsupport;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

/**
 * A Zendesk that remembers: users by external id, tickets with their comments, searchable by
 * external id, as a WireMock extension for the calls camel-zendesk makes. The fixed answers of
 * {@link FakeBusinessSystems#standardAnswers()} always say "no comment yet", so a redelivered
 * message would look new there; here a redelivery sees the comment it made before, exactly as
 * the sink's duplicate check expects of the real Zendesk. What it holds is the sink's effect:
 * the comments per WhatsApp message id and the tickets per conversation.
 */
public final class StatefulZendesk implements ResponseDefinitionTransformerV2 {

    /** Name stubs use in {@code withTransformers} to be answered from this state. */
    public static final String NAME = "stateful-zendesk";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern COMMENTS = Pattern.compile("/api/v2/tickets/(\\d+)/comments\\.json");
    private static final Pattern TICKET = Pattern.compile("/api/v2/tickets/(\\d+)\\.json");
    private static final Pattern MARKER = Pattern.compile("\\[WhatsApp message ([^\\]]+)]");

    private final Map<String, Map<String, Object>> usersByExternalId = new LinkedHashMap<>();
    private final Map<Long, Map<String, Object>> tickets = new LinkedHashMap<>();
    private final Map<Long, List<Map<String, Object>>> comments = new LinkedHashMap<>();
    private long ids = 1000;
    private volatile int latencyMillis;

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public boolean applyGlobally() {
        return false;
    }

    @Override
    public synchronized ResponseDefinition transform(ServeEvent serveEvent) {
        LoggedRequest request = serveEvent.getRequest();
        String path = URI.create(request.getUrl()).getPath();
        String method = request.getMethod().getName();
        try {
            if ("POST".equals(method) && "/api/v2/users/create_or_update.json".equals(path)) {
                return ok(200, Map.of("user", createOrUpdateUser(JSON.readTree(request.getBodyAsString()).path("user"))));
            }
            if ("GET".equals(method) && "/api/v2/tickets.json".equals(path)) {
                String externalId = request.queryParameter("external_id").firstValue();
                return ok(200, page("tickets", tickets.values().stream().filter(t -> externalId.equals(t.get("external_id"))).toList()));
            }
            if ("POST".equals(method) && "/api/v2/tickets.json".equals(path)) {
                return ok(201, Map.of("ticket", createTicket(JSON.readTree(request.getBodyAsString()).path("ticket"))));
            }
            Matcher commentsOf = COMMENTS.matcher(path);
            if ("GET".equals(method) && commentsOf.matches()) {
                return ok(200, page("comments", comments.getOrDefault(Long.parseLong(commentsOf.group(1)), List.of())));
            }
            Matcher ticket = TICKET.matcher(path);
            if ("PUT".equals(method) && ticket.matches() && tickets.containsKey(Long.parseLong(ticket.group(1)))) {
                long id = Long.parseLong(ticket.group(1));
                JsonNode comment = JSON.readTree(request.getBodyAsString()).path("ticket").path("comment");
                if (!comment.isMissingNode()) {
                    comments.get(id).add(comment(comment));
                    tickets.get(id).put("status", "open");
                }
                return ok(200, Map.of("ticket", tickets.get(id)));
            }
            return ResponseDefinitionBuilder.responseDefinition().withStatus(404).withBody("{\"error\":\"RecordNotFound\"}").build();
        } catch (Exception e) {
            return ResponseDefinitionBuilder.responseDefinition().withStatus(500).withBody("{\"error\":\"" + e + "\"}").build();
        }
    }

    /** How long each answer takes from now on, like a Zendesk at some distance. */
    public void latency(int millis) {
        this.latencyMillis = millis;
    }

    /** How many comments carry each WhatsApp message id, over every ticket. */
    public synchronized Map<String, Integer> commentsPerMessage() {
        Map<String, Integer> counts = new TreeMap<>();
        comments.values().forEach(list -> list.forEach(comment -> {
            Matcher marker = MARKER.matcher(String.valueOf(comment.get("body")));
            while (marker.find()) {
                counts.merge(marker.group(1), 1, Integer::sum);
            }
        }));
        return counts;
    }

    /** How many tickets each conversation (ticket external id) has. */
    public synchronized Map<String, Integer> ticketsPerConversation() {
        Map<String, Integer> counts = new TreeMap<>();
        tickets.values().forEach(ticket -> counts.merge(String.valueOf(ticket.get("external_id")), 1, Integer::sum));
        return counts;
    }

    /** Forgets every user, ticket and comment. */
    public synchronized void clear() {
        usersByExternalId.clear();
        tickets.clear();
        comments.clear();
    }

    private Map<String, Object> createOrUpdateUser(JsonNode user) {
        String externalId = user.path("external_id").asText();
        Map<String, Object> saved = usersByExternalId.computeIfAbsent(externalId, key -> {
            Map<String, Object> created = new LinkedHashMap<>();
            created.put("id", ++ids);
            created.put("external_id", key);
            return created;
        });
        saved.put("name", user.path("name").asText());
        return saved;
    }

    private Map<String, Object> createTicket(JsonNode ticket) {
        long id = ++ids;
        Map<String, Object> saved = new LinkedHashMap<>();
        saved.put("id", id);
        saved.put("status", "new");
        saved.put("external_id", ticket.path("external_id").asText());
        saved.put("requester_id", ticket.path("requester_id").asLong());
        saved.put("subject", ticket.path("subject").asText());
        tickets.put(id, saved);
        comments.put(id, new ArrayList<>(List.of(comment(ticket.path("comment")))));
        return saved;
    }

    private Map<String, Object> comment(JsonNode comment) {
        Map<String, Object> saved = new LinkedHashMap<>();
        saved.put("id", ++ids);
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

    private ResponseDefinition ok(int status, Object body) throws Exception {
        return ResponseDefinitionBuilder.responseDefinition().withStatus(status).withHeader("Content-Type", "application/json")
                .withBody(JSON.writeValueAsString(body)).withFixedDelay(latencyMillis).build();
    }
}
