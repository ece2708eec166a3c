package com.vobizrouter.demo;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A Zendesk kept in memory, for the calls the Zendesk sink makes: users created or updated by
 * external id, tickets searched by external id, a ticket opened with its first comment (an
 * {@code Idempotency-Key} seen before answers with the ticket it made), a ticket's comments
 * listed, a comment added by updating the ticket (refused 422 once the ticket is closed, 404 once
 * it is deleted). Every answer is a map in the JSON shape Zendesk answers with, ready to be
 * serialised.
 *
 * <p>One model behind the demo profile's stand-in ({@link DemoBusinessSystems}) and the tests'
 * WireMock Zendesk, so that what a newcomer sees and what the tests check come from the same
 * behaviour: in particular a redelivered message finds the comment it made before, as the
 * Zendesk sink's duplicate check expects of the real Zendesk. Answers are copies, safe to
 * serialise while other calls change the model.
 */
public final class InMemoryZendesk {

    private final Map<String, Map<String, Object>> usersByExternalId = new LinkedHashMap<>();
    private final Map<Long, Map<String, Object>> tickets = new LinkedHashMap<>();
    private final Map<Long, List<Map<String, Object>>> comments = new LinkedHashMap<>();
    private final Map<String, Long> ticketsByIdempotencyKey = new LinkedHashMap<>();
    private long ids = 1000;

    /**
     * An answer with its HTTP status; {@code replayed} when Zendesk would add the header
     * {@code x-idempotency-lookup: hit} (an answer repeated for an idempotency key).
     */
    public record Answer(int status, Map<String, Object> body, boolean replayed) {

        static Answer of(int status, Map<String, Object> body) {
            return new Answer(status, body, false);
        }
    }

    /** {@code POST /api/v2/users/create_or_update.json}: {@code {"user": …}} in, the saved user out. */
    public synchronized Map<String, Object> createOrUpdateUser(JsonNode body) {
        JsonNode user = body.path("user");
        Map<String, Object> saved = usersByExternalId.computeIfAbsent(user.path("external_id").asText(), externalId -> {
            Map<String, Object> created = new LinkedHashMap<>();
            created.put("id", ++ids);
            created.put("external_id", externalId);
            return created;
        });
        saved.put("name", user.path("name").asText());
        if (user.hasNonNull("phone")) {
            saved.put("phone", user.path("phone").asText());
        }
        return Map.of("user", new LinkedHashMap<>(saved));
    }

    /** {@code GET /api/v2/tickets.json?external_id=…}: one page with the tickets of that external id. */
    public synchronized Map<String, Object> ticketsByExternalId(String externalId) {
        return page("tickets", tickets.values().stream().filter(ticket -> externalId.equals(ticket.get("external_id")))
                .map(LinkedHashMap::new).toList());
    }

    /**
     * {@code POST /api/v2/tickets.json}: {@code {"ticket": …}} in, the new ticket (status new) out;
     * answered 201. With an {@code Idempotency-Key} (may be null) already used, nothing is made
     * and the ticket made then is answered, replayed.
     */
    public synchronized Answer createTicket(JsonNode body, String idempotencyKey) {
        Long earlier = idempotencyKey == null ? null : ticketsByIdempotencyKey.get(idempotencyKey);
        if (earlier != null && tickets.containsKey(earlier)) {
            return new Answer(201, Map.of("ticket", new LinkedHashMap<>(tickets.get(earlier))), true);
        }
        JsonNode ticket = body.path("ticket");
        long id = ++ids;
        Map<String, Object> saved = new LinkedHashMap<>();
        saved.put("id", id);
        saved.put("status", "new");
        saved.put("external_id", ticket.path("external_id").asText());
        saved.put("requester_id", ticket.path("requester_id").asLong());
        saved.put("subject", ticket.path("subject").asText());
        saved.put("created_at", Instant.now().toString());
        tickets.put(id, saved);
        comments.put(id, new ArrayList<>(List.of(comment(ticket.path("comment")))));
        if (idempotencyKey != null) {
            ticketsByIdempotencyKey.put(idempotencyKey, id);
        }
        return Answer.of(201, Map.of("ticket", new LinkedHashMap<>(saved)));
    }

    /** {@code GET /api/v2/tickets/{id}/comments.json}: one page with the ticket's comments, oldest first. */
    public synchronized Map<String, Object> comments(long ticketId) {
        return page("comments", comments.getOrDefault(ticketId, List.of()).stream().map(LinkedHashMap::new).toList());
    }

    /**
     * {@code PUT /api/v2/tickets/{id}.json}: a {@code comment} in the ticket is added to it and
     * reopens it. A ticket that does not exist is answered 404 (RecordNotFound), a closed one 422
     * (RecordInvalid), as Zendesk does.
     */
    public synchronized Answer updateTicket(long ticketId, JsonNode body) {
        Map<String, Object> ticket = tickets.get(ticketId);
        if (ticket == null) {
            return Answer.of(404, Map.of("error", "RecordNotFound", "description", "Not found"));
        }
        if ("closed".equals(ticket.get("status"))) {
            return Answer.of(422, Map.of("error", "RecordInvalid", "description", "Record validation errors",
                    "details", Map.of("status", List.of(Map.of("description", "Status: closed prevents ticket update")))));
        }
        JsonNode comment = body.path("ticket").path("comment");
        if (!comment.isMissingNode()) {
            comments.get(ticketId).add(comment(comment));
            ticket.put("status", "open");
        }
        return Answer.of(200, Map.of("ticket", new LinkedHashMap<>(ticket)));
    }

    /** Closes the ticket, as Zendesk does some days after it was solved: it can no longer be updated. */
    public synchronized void close(long ticketId) {
        tickets.get(ticketId).put("status", "closed");
    }

    /** Forgets the idempotency keys seen so far, as Zendesk does two hours after each was used. */
    public synchronized void forgetIdempotencyKeys() {
        ticketsByIdempotencyKey.clear();
    }

    /** Every ticket so far, oldest first, each with the bodies of its comments under {@code comments}. */
    public synchronized List<Map<String, Object>> ticketsWithComments() {
        return tickets.values().stream().map(ticket -> {
            Map<String, Object> copy = new LinkedHashMap<>(ticket);
            copy.put("comments", comments.getOrDefault((Long) ticket.get("id"), List.of()).stream().map(c -> c.get("body")).toList());
            return copy;
        }).toList();
    }

    /** Forgets every user, ticket and comment. */
    public synchronized void clear() {
        usersByExternalId.clear();
        tickets.clear();
        comments.clear();
        ticketsByIdempotencyKey.clear();
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
}
