package com.vobizrouter.sink.zendesk;

import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.vobizrouter.inbox.Digests;
import com.vobizrouter.inbox.JsonText;
import com.vobizrouter.inbox.EventView;
import com.vobizrouter.dispatch.MappingException;
import org.apache.camel.Exchange;
import org.zendesk.client.v2.ZendeskResponseException;
import org.zendesk.client.v2.model.Comment;
import org.zendesk.client.v2.model.Status;
import org.zendesk.client.v2.model.Ticket;
import org.zendesk.client.v2.model.User;
import com.vobizrouter.sink.EventJson;

/**
 * Maps message.received to Zendesk objects (bean {@code zendeskMessageMapping}); the calls and
 * their order are in {@code routes/zendesk-sink.camel.yaml}.
 *
 * <p>A conversation is one ticket per contact: the requester is a Zendesk user whose
 * {@code external_id} is {@code vobiz-contact-<contact id>}, the ticket's {@code external_id} is
 * {@code vobiz-conversation-<conversation>}, the conversation being the contact id for the SPEC's
 * format and the customer's WhatsApp id on one business number for WhatsApp-format sources
 * ({@link EventView#conversation()}). The ticket the router opened for a conversation is
 * remembered ({@link ZendeskMappings}) and later messages become comments on it (a comment on a
 * solved ticket reopens it, as a customer's reply does); once Zendesk refuses it as closed (422)
 * or no longer has it (404), the message opens a new ticket. Every comment ends with the WhatsApp
 * message id, which is how a message whose earlier delivery had an unknown outcome is recognised
 * and not commented twice.
 */
public class ZendeskMessageMapping {

    static final String CONVERSATION = "zendeskConversation";
    static final String REQUESTER_EXTERNAL_ID = "zendeskRequesterExternalId";
    static final String REQUESTER_ID = "zendeskRequesterId";
    static final String TICKET_ID = "zendeskTicketId";
    /** The {@code Idempotency-Key} of the ticket this message opens. */
    static final String IDEMPOTENCY_KEY = "zendeskIdempotencyKey";
    private static final Set<String> MEDIA = Set.of("image", "video", "audio", "document", "sticker");

    /** Body becomes the requester to create or update; remembers the conversation's external id. */
    public User requester(Exchange exchange) {
        EventView view = EventJson.view(exchange);
        JsonNode root = view.json();
        String contactId = JsonText.at(root, "/data/contact/id");
        if (contactId == null) {
            contactId = JsonText.at(root, "/data/from");
        }
        if (contactId == null) {
            throw new MappingException("neither data.contact.id nor data.from is present");
        }
        String messageId = view.messageId();
        if (messageId == null) {
            throw new MappingException("data.message_id is missing");
        }
        exchange.setProperty(CONVERSATION, "vobiz-conversation-" + view.conversation());
        exchange.setProperty(REQUESTER_EXTERNAL_ID, "vobiz-contact-" + contactId);
        exchange.setProperty(IDEMPOTENCY_KEY, idempotencyKey(view.conversation(), messageId));
        User user = new User();
        user.setExternalId("vobiz-contact-" + contactId);
        String name = JsonText.at(root, "/data/contact/name");
        String phone = JsonText.at(root, "/data/contact/phone");
        if (phone == null) {
            phone = JsonText.at(root, "/data/from");
        }
        user.setName(name != null ? name : phone != null ? phone : "WhatsApp " + contactId);
        if (phone != null) {
            user.setPhone(phone);
        }
        return user;
    }

    /** Keeps the requester's Zendesk id from the createOrUpdateUser answer. */
    public void rememberRequester(Exchange exchange) {
        User user = exchange.getIn().getBody(User.class);
        exchange.setProperty(REQUESTER_ID, user.getId());
    }

    /**
     * Body: the tickets with the conversation's external id. The newest of them Zendesk still
     * takes comments on (any but closed), or null.
     */
    public Ticket latestTicket(Exchange exchange) {
        Ticket latest = null;
        if (exchange.getIn().getBody() instanceof Iterable<?> tickets) {
            for (Object each : tickets) {
                if (each instanceof Ticket ticket && ticket.getStatus() != Status.CLOSED
                        && (latest == null || ticket.getId() > latest.getId())) {
                    latest = ticket;
                }
            }
        }
        return latest;
    }

    /** A new conversation ticket whose first comment is this message. */
    public Ticket newTicket(Exchange exchange) {
        JsonNode root = root(exchange);
        Ticket ticket = new Ticket();
        ticket.setExternalId(exchange.getProperty(CONVERSATION, String.class));
        Long requester = exchange.getProperty(REQUESTER_ID, Long.class);
        ticket.setRequesterId(requester);
        String who = JsonText.at(root, "/data/contact/name");
        ticket.setSubject("WhatsApp conversation with " + (who != null ? who : JsonText.at(root, "/data/from")));
        ticket.setComment(comment(root, requester, EventJson.view(exchange).messageId()));
        return ticket;
    }

    /** This message as a comment by the requester, for the open ticket. */
    public Comment newComment(Exchange exchange) {
        exchange.getIn().setHeader("CamelZendesk.ticketId", exchange.getProperty(TICKET_ID, Long.class));
        return comment(root(exchange), exchange.getProperty(REQUESTER_ID, Long.class), EventJson.view(exchange).messageId());
    }

    /**
     * Body: the ticket's comments, listed because an earlier call adding this message had an
     * unknown outcome. When one of them carries the message's id, the message counts as sent.
     */
    public void checkComments(Exchange exchange) {
        if (alreadyCommented(exchange)) {
            exchange.setProperty(ZendeskMappings.MESSAGE_STATE, ZendeskMappings.SENT);
        }
    }

    /**
     * True when the Zendesk failure being handled (in a {@code doCatch}) is Zendesk refusing the
     * remembered ticket: closed (422, a closed ticket cannot be updated) or no longer there (404;
     * camel-zendesk answers most calls on a missing ticket with no result instead).
     */
    public boolean ticketGone(Exchange exchange) {
        for (Throwable cause = caught(exchange); cause != null; cause = cause.getCause()) {
            if (cause instanceof ZendeskResponseException zendesk) {
                return zendesk.getStatusCode() == 404 || zendesk.getStatusCode() == 422;
            }
        }
        return false;
    }

    /** Fails again with the exception a {@code doCatch} caught, for the dispatcher to handle as usual. */
    public void failAgain(Exchange exchange) throws Exception {
        Throwable caught = caught(exchange);
        if (caught instanceof Exception exception) {
            throw exception;
        }
        throw new IllegalStateException(caught);
    }

    private static Throwable caught(Exchange exchange) {
        return exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
    }

    boolean alreadyCommented(Exchange exchange) {
        String marker = marker(EventJson.view(exchange).messageId());
        Object found = exchange.getIn().getBody();
        if (found instanceof Iterable<?> comments) {
            for (Object each : comments) {
                if (each instanceof Comment comment && comment.getBody() != null && comment.getBody().contains(marker)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The key a ticket opened by this message is created with: the same for every delivery of the
     * message, so Zendesk answers a repeated creation with the ticket it made the first time.
     */
    static String idempotencyKey(String conversation, String messageId) {
        return "vobiz-" + Digests.sha256Hex(conversation + "\n" + messageId);
    }

    static String marker(String messageId) {
        return "[WhatsApp message " + messageId + "]";
    }

    private static Comment comment(JsonNode root, Long author, String messageId) {
        Comment comment = new Comment();
        comment.setBody(text(root) + "\n\n" + marker(messageId));
        comment.setAuthorId(author);
        comment.setPublic(true);
        return comment;
    }

    /** The message text, or for media its type and caption, or a line naming the type. */
    static String text(JsonNode root) {
        String body = JsonText.at(root, "/data/text/body");
        if (body != null) {
            return body;
        }
        String type = JsonText.at(root, "/data/type");
        if (type == null) {
            return "(message without text)";
        }
        if (MEDIA.contains(type)) {
            String caption = JsonText.at(root, "/data/" + type + "/caption");
            return "[" + type + "]" + (caption != null ? " " + caption : "");
        }
        if ("location".equals(type)) {
            String name = JsonText.at(root, "/data/location/name");
            return "[location] " + (name != null ? name + " " : "") + "(" + JsonText.at(root, "/data/location/latitude")
                    + ", " + JsonText.at(root, "/data/location/longitude") + ")";
        }
        if ("button".equals(type)) {
            return "[button] " + JsonText.at(root, "/data/button/text");
        }
        if ("interactive".equals(type)) {
            String title = JsonText.at(root, "/data/interactive/button_reply/title");
            if (title == null) {
                title = JsonText.at(root, "/data/interactive/list_reply/title");
            }
            return "[interactive] " + (title != null ? title : "reply");
        }
        return "[" + type + "]";
    }

    private static JsonNode root(Exchange exchange) {
        return EventJson.view(exchange).json();
    }
}
