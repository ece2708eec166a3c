package com.vobizrouter.testsupport;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.vobizrouter.demo.InMemoryZendesk;

/**
 * A Zendesk that remembers, as a WireMock extension: the calls camel-zendesk makes are answered
 * from {@link InMemoryZendesk}, the model behind the demo profile's stand-in. The fixed answers of
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

    private final InMemoryZendesk zendesk = new InMemoryZendesk();
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
    public ResponseDefinition transform(ServeEvent serveEvent) {
        LoggedRequest request = serveEvent.getRequest();
        String path = URI.create(request.getUrl()).getPath();
        String method = request.getMethod().getName();
        try {
            if ("POST".equals(method) && "/api/v2/users/create_or_update.json".equals(path)) {
                return ok(200, zendesk.createOrUpdateUser(JSON.readTree(request.getBodyAsString())));
            }
            if ("GET".equals(method) && "/api/v2/tickets.json".equals(path)) {
                return ok(200, zendesk.ticketsByExternalId(request.queryParameter("external_id").firstValue()));
            }
            if ("POST".equals(method) && "/api/v2/tickets.json".equals(path)) {
                String key = request.containsHeader("Idempotency-Key") ? request.getHeader("Idempotency-Key") : null;
                return answer(zendesk.createTicket(JSON.readTree(request.getBodyAsString()), key));
            }
            Matcher commentsOf = COMMENTS.matcher(path);
            if ("GET".equals(method) && commentsOf.matches()) {
                return ok(200, zendesk.comments(Long.parseLong(commentsOf.group(1))));
            }
            Matcher ticket = TICKET.matcher(path);
            if ("PUT".equals(method) && ticket.matches()) {
                return answer(zendesk.updateTicket(Long.parseLong(ticket.group(1)), JSON.readTree(request.getBodyAsString())));
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
    public Map<String, Integer> commentsPerMessage() {
        Map<String, Integer> counts = new TreeMap<>();
        zendesk.ticketsWithComments().forEach(ticket -> ((Iterable<?>) ticket.get("comments")).forEach(body -> {
            Matcher marker = MARKER.matcher(String.valueOf(body));
            while (marker.find()) {
                counts.merge(marker.group(1), 1, Integer::sum);
            }
        }));
        return counts;
    }

    /** How many tickets each conversation (ticket external id) has. */
    public Map<String, Integer> ticketsPerConversation() {
        Map<String, Integer> counts = new TreeMap<>();
        zendesk.ticketsWithComments().forEach(ticket -> counts.merge(String.valueOf(ticket.get("external_id")), 1, Integer::sum));
        return counts;
    }

    /** Closes the ticket: Zendesk refuses any further update of it (422). */
    public void close(long ticketId) {
        zendesk.close(ticketId);
    }

    /** Forgets the idempotency keys seen so far, as Zendesk does two hours after each was used. */
    public void forgetIdempotencyKeys() {
        zendesk.forgetIdempotencyKeys();
    }

    /** Every ticket so far, oldest first, each with the bodies of its comments under {@code comments}. */
    public List<Map<String, Object>> tickets() {
        return zendesk.ticketsWithComments();
    }

    /** Forgets every user, ticket and comment. */
    public void clear() {
        zendesk.clear();
    }

    private ResponseDefinition ok(int status, Object body) throws Exception {
        return response(status, body).build();
    }

    private ResponseDefinition answer(InMemoryZendesk.Answer answer) throws Exception {
        ResponseDefinitionBuilder response = response(answer.status(), answer.body());
        return (answer.replayed() ? response.withHeader("x-idempotency-lookup", "hit") : response).build();
    }

    private ResponseDefinitionBuilder response(int status, Object body) throws Exception {
        return ResponseDefinitionBuilder.responseDefinition().withStatus(status).withHeader("Content-Type", "application/json")
                .withBody(JSON.writeValueAsString(body)).withFixedDelay(latencyMillis);
    }
}
