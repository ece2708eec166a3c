package com.vobizrouter.sink.zendesk;

import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.vobizrouter.inbox.EventView;
import com.vobizrouter.dispatch.MappingException;
import org.apache.camel.Exchange;
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
 * ({@link EventView#conversation()}). While that ticket is open (new, open, pending, on
 * hold) later messages become comments on it; once solved or closed, the next message opens a
 * new ticket. Every comment ends with the WhatsApp message id, which is how a redelivered
 * message is recognised and not commented twice.
 */
public class ZendeskMessageMapping {

    static final String CONVERSATION = "zendeskConversation";
    static final String REQUESTER_ID = "zendeskRequesterId";
    static final String TICKET_ID = "zendeskTicketId";
    static final String MESSAGE_ID = "zendeskMessageId";
    private static final Set<Status> OPEN = Set.of(Status.NEW, Status.OPEN, Status.PENDING, Status.HOLD);
    private static final Set<String> MEDIA = Set.of("image", "video", "audio", "document", "sticker");

    /** Body becomes the requester to create or update; remembers the conversation's external id. */
    public User requester(Exchange exchange) {
        EventView view = EventJson.view(exchange);
        JsonNode root = view.json();
        String contactId = EventJson.text(root, "data", "contact", "id");
        if (contactId == null) {
            contactId = EventJson.text(root, "data", "from");
        }
        if (contactId == null) {
            throw new MappingException("neither data.contact.id nor data.from is present");
        }
        String messageId = EventJson.text(root, "data", "message_id");
        if (messageId == null) {
            throw new MappingException("data.message_id is missing");
        }
        exchange.setProperty(CONVERSATION, "vobiz-conversation-" + view.conversation());
        exchange.setProperty(MESSAGE_ID, messageId);
        User user = new User();
        user.setExternalId("vobiz-contact-" + contactId);
        String name = EventJson.text(root, "data", "contact", "name");
        String phone = EventJson.text(root, "data", "contact", "phone");
        if (phone == null) {
            phone = EventJson.text(root, "data", "from");
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

    /** The open ticket of the conversation, from the tickets found by its external id, or null. */
    public Long openTicket(Exchange exchange) {
        Object found = exchange.getIn().getBody();
        Long open = null;
        if (found instanceof Iterable<?> tickets) {
            for (Object each : tickets) {
                if (each instanceof Ticket ticket && OPEN.contains(ticket.getStatus())) {
                    open = open == null ? ticket.getId() : Math.max(open, ticket.getId());
                }
            }
        }
        exchange.setProperty(TICKET_ID, open);
        return open;
    }

    /** A new conversation ticket whose first comment is this message. */
    public Ticket newTicket(Exchange exchange) {
        JsonNode root = root(exchange);
        Ticket ticket = new Ticket();
        ticket.setExternalId(exchange.getProperty(CONVERSATION, String.class));
        Long requester = exchange.getProperty(REQUESTER_ID, Long.class);
        ticket.setRequesterId(requester);
        String who = EventJson.text(root, "data", "contact", "name");
        ticket.setSubject("WhatsApp conversation with " + (who != null ? who : EventJson.text(root, "data", "from")));
        ticket.setComment(comment(root, requester, exchange.getProperty(MESSAGE_ID, String.class)));
        return ticket;
    }

    /** This message as a comment by the requester, for the open ticket. */
    public Comment newComment(Exchange exchange) {
        exchange.getIn().setHeader("CamelZendesk.ticketId", exchange.getProperty(TICKET_ID, Long.class));
        return comment(root(exchange), exchange.getProperty(REQUESTER_ID, Long.class), exchange.getProperty(MESSAGE_ID, String.class));
    }

    /** False when a comment of the ticket already carries this message's id (a redelivery). */
    public boolean notYetCommented(Exchange exchange) {
        return !alreadyCommented(exchange);
    }

    boolean alreadyCommented(Exchange exchange) {
        String marker = marker(exchange.getProperty(MESSAGE_ID, String.class));
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
        String body = EventJson.text(root, "data", "text", "body");
        if (body != null) {
            return body;
        }
        String type = EventJson.text(root, "data", "type");
        if (type == null) {
            return "(message without text)";
        }
        if (MEDIA.contains(type)) {
            String caption = EventJson.text(root, "data", type, "caption");
            return "[" + type + "]" + (caption != null ? " " + caption : "");
        }
        if ("location".equals(type)) {
            String name = EventJson.text(root, "data", "location", "name");
            return "[location] " + (name != null ? name + " " : "") + "(" + EventJson.text(root, "data", "location", "latitude")
                    + ", " + EventJson.text(root, "data", "location", "longitude") + ")";
        }
        if ("button".equals(type)) {
            return "[button] " + EventJson.text(root, "data", "button", "text");
        }
        if ("interactive".equals(type)) {
            String title = EventJson.text(root, "data", "interactive", "button_reply", "title");
            if (title == null) {
                title = EventJson.text(root, "data", "interactive", "list_reply", "title");
            }
            return "[interactive] " + (title != null ? title : "reply");
        }
        return "[" + type + "]";
    }

    private static JsonNode root(Exchange exchange) {
        return EventJson.view(exchange).json();
    }
}
