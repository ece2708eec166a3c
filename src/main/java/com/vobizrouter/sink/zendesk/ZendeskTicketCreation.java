package com.vobizrouter.sink.zendesk;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.vobizrouter.sink.SinkApiCalls;
import org.apache.camel.Exchange;
import org.apache.camel.component.zendesk.ZendeskComponent;
import org.asynchttpclient.AsyncHttpClient;
import org.asynchttpclient.BoundRequestBuilder;
import org.asynchttpclient.Realm;
import org.asynchttpclient.Response;
import org.zendesk.client.v2.Zendesk;
import org.zendesk.client.v2.ZendeskException;
import org.zendesk.client.v2.ZendeskResponseException;
import org.zendesk.client.v2.ZendeskResponseRateLimitException;
import org.zendesk.client.v2.model.Ticket;

/**
 * Opens a Zendesk ticket with an {@code Idempotency-Key} header (bean {@code zendeskTicketCreation}),
 * so that creating the same ticket again, after a call whose outcome was unknown, answers with the
 * ticket made the first time ({@code x-idempotency-lookup: hit}) instead of making a second one.
 * Zendesk keeps a key for two hours.
 *
 * <p>Why not camel-zendesk: camel-zendesk 4.17 wraps zendesk-java-client 1.3.1, whose
 * {@code createTicket(Ticket)} takes no header, and whose only way to add one
 * ({@code Zendesk.Builder.addHeader}) puts the same value on every call of the client; the
 * idempotent creation arrived in a later release of the client. Camel's http component is not
 * among the router's dependencies. So this one call goes through the HTTP client the Zendesk
 * client itself is built on (async-http-client), to the same server URL with the same credentials
 * as the {@code zendesk} component ({@code camel.component.zendesk.*}), with the Zendesk client's
 * JSON mapping, and fails with the same exceptions ({@link ZendeskResponseException},
 * {@link ZendeskResponseRateLimitException}), so failures are classified as for every other
 * Zendesk call. Every other Zendesk call stays with camel-zendesk. The HTTP client is the one of
 * every Zendesk call ({@link ZendeskWithoutRedirects#httpClient()}): a redirect is not followed,
 * and fails the call with its status.
 */
public class ZendeskTicketCreation {

    /**
     * The Zendesk client's own mapping of its model (snake-case names, its date format), not the
     * application's ObjectMapper: the ticket must be written and read exactly as camel-zendesk does.
     */
    private static final ObjectMapper JSON = Zendesk.createMapper(Function.identity());

    private final SinkApiCalls calls;
    private final AsyncHttpClient client;

    public ZendeskTicketCreation(SinkApiCalls calls, AsyncHttpClient client) {
        this.calls = calls;
        this.client = client;
    }

    /**
     * Body: the ticket to open, with the key in property {@value ZendeskConversations#IDEMPOTENCY_KEY}
     * and what the mapping gave in {@value ZendeskConversations#CONTENT};
     * becomes the ticket Zendesk answered with.
     */
    public Ticket create(Exchange exchange) throws IOException {
        ZendeskComponent zendesk = exchange.getContext().getComponent("zendesk", ZendeskComponent.class);
        String url = zendesk.getServerUrl().replaceAll("/+$", "") + "/api/v2/tickets.json";
        BoundRequestBuilder request = client.preparePost(url)
                .setHeader("Content-Type", "application/json")
                .setHeader("Idempotency-Key", exchange.getProperty(ZendeskConversations.IDEMPOTENCY_KEY, String.class))
                .setBody(JSON.writeValueAsBytes(Map.of("ticket", ticket(exchange))));
        authenticate(request, zendesk);
        Response response;
        try {
            response = request.execute().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            calls.count("zendesk", "createTicket", e);
            throw new ZendeskException(e.getMessage(), e);
        } catch (ExecutionException e) {
            calls.count("zendesk", "createTicket", e.getCause());
            throw new ZendeskException(e.getCause());
        }
        ZendeskResponseException refused = response.getStatusCode() == 429 ? new ZendeskResponseRateLimitException(response)
                : response.getStatusCode() / 100 != 2 ? new ZendeskResponseException(response) : null;
        calls.count("zendesk", "createTicket", refused);
        if (refused != null) {
            throw refused;
        }
        return JSON.treeToValue(JSON.readTree(response.getResponseBodyAsBytes()).path("ticket"), Ticket.class);
    }

    /**
     * The ticket of the body as the Zendesk client writes it, with the tags, priority and custom
     * fields the mapping gave ({@link ZendeskTicketContent#ticketFields()}) as it gave them.
     */
    private static ObjectNode ticket(Exchange exchange) {
        ObjectNode ticket = JSON.valueToTree(exchange.getIn().getBody(Ticket.class));
        ZendeskTicketContent content = exchange.getProperty(ZendeskConversations.CONTENT, ZendeskTicketContent.class);
        if (content != null) {
            ticket.setAll(content.ticketFields());
        }
        return ticket;
    }

    /** As zendesk-java-client does: an API token (user/token), a password, or an OAuth token. */
    private static void authenticate(BoundRequestBuilder request, ZendeskComponent zendesk) {
        if (zendesk.getOauthToken() != null) {
            request.setHeader("Authorization", "Bearer " + zendesk.getOauthToken());
        } else if (zendesk.getToken() != null) {
            request.setRealm(basic(zendesk.getUsername() + "/token", zendesk.getToken()));
        } else if (zendesk.getPassword() != null) {
            request.setRealm(basic(zendesk.getUsername(), zendesk.getPassword()));
        }
    }

    private static Realm basic(String user, String password) {
        return new Realm.Builder(user, password).setScheme(Realm.AuthScheme.BASIC).setUsePreemptiveAuth(true).build();
    }
}
