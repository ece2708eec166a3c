package com.vobizrouter.sink.zendesk;

import java.util.LinkedHashMap;
import java.util.Map;

import com.vobizrouter.dispatch.DispatchKeys;
import com.vobizrouter.dispatch.MappingException;
import com.vobizrouter.dispatch.Mappings;
import com.vobizrouter.dispatch.SinkBudgets;
import com.vobizrouter.dispatch.SinkLocks;
import com.vobizrouter.inbox.Digests;
import com.vobizrouter.inbox.EventView;
import com.vobizrouter.sink.EventJson;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.zendesk.client.v2.ZendeskResponseException;
import org.zendesk.client.v2.model.Comment;
import org.zendesk.client.v2.model.Status;
import org.zendesk.client.v2.model.Ticket;
import org.zendesk.client.v2.model.User;

/**
 * Delivers a message to Zendesk (bean {@code zendeskConversations}, route
 * {@code zendesk-message-sink}): one ticket per conversation, and one Zendesk call per message
 * once the conversation is known. What the ticket says is the mapping's choice
 * ({@link #map}: {@code router.destinations.zendesk.mapping}, see {@link ZendeskTicketContent});
 * how it gets there, once, is this class's ({@link #deliver}).
 *
 * <p>A conversation is one ticket per contact: the requester is a Zendesk user whose
 * {@code external_id} is {@code vobiz-contact-<contact id>} (the sender's number when the event
 * names no contact), the ticket's {@code external_id} is {@code vobiz-conversation-<conversation>},
 * the conversation being the contact id for the SPEC's format and the customer's WhatsApp id on one
 * business number for WhatsApp-format sources ({@link EventView#conversation()}). The router
 * remembers ({@link ZendeskMappings}) the requester's user and the ticket it opened for each
 * conversation; a message of a known conversation is added to that ticket as a comment (a comment
 * on a solved ticket reopens it, as a customer's reply does); the first message of a conversation
 * opens the ticket, with an Idempotency-Key ({@link ZendeskTicketCreation}) so that creating it
 * again answers with the same ticket; an unknown requester first becomes a Zendesk user. When
 * Zendesk refuses the remembered ticket as closed (422) or deleted (404), a new ticket is opened
 * and remembered.
 *
 * <p>Every comment ends with the WhatsApp message id. Before the call that adds a message the
 * router records it as in doubt, after it as sent: a redelivery of a sent message makes no call,
 * and only one that finds it in doubt lists the ticket's comments for the message id first, so no
 * message is commented twice. Before opening a ticket the router records that it is opening one:
 * another message that finds such a record of a stopped delivery, or its own Idempotency-Key
 * possibly forgotten by Zendesk (two hours), looks the conversation's ticket up instead of opening
 * a second one. Deliveries of one conversation take turns ({@link SinkLocks}: two messages
 * delivered together would both find no ticket and open one each; the later one waits, no attempt
 * spent, before any Zendesk call). Every Zendesk call first takes one from the sink's API budget
 * ({@link SinkBudgets}, {@code router.sinks.zendesk.rate-limit}); with none left, or Zendesk having
 * answered 429, the event waits without spending an attempt. The calls other than the ticket's
 * creation go through camel-zendesk endpoints, counted like every Zendesk call.
 */
public class ZendeskConversations {

    /** The built-in destination whose mapping this is. */
    public static final String DESTINATION = "zendesk";

    static final String CONVERSATION = "zendeskConversation";
    static final String REQUESTER_EXTERNAL_ID = "zendeskRequesterExternalId";
    static final String REQUESTER_ID = "zendeskRequesterId";
    static final String TICKET_ID = "zendeskTicketId";
    /** The {@code Idempotency-Key} of the ticket this message opens. */
    static final String IDEMPOTENCY_KEY = "zendeskIdempotencyKey";
    /** The {@link ZendeskTicketContent} the mapping made of this message. */
    static final String CONTENT = "zendeskTicketContent";

    private static final String SINK = "zendesk";

    private final Mappings mappings;
    private final ProducerTemplate producer;
    private final ZendeskMappings remembered;
    private final ZendeskTicketCreation ticketCreation;
    private final SinkLocks locks;
    private final SinkBudgets budgets;

    public ZendeskConversations(Mappings mappings, ProducerTemplate producer, ZendeskMappings remembered, ZendeskTicketCreation ticketCreation,
            SinkLocks locks, SinkBudgets budgets) {
        this.mappings = mappings;
        this.producer = producer;
        this.remembered = remembered;
        this.ticketCreation = ticketCreation;
        this.locks = locks;
        this.budgets = budgets;
    }

    /**
     * What the message says in Zendesk (the mapping applied and checked), and the keys the router
     * remembers it by: its conversation, its requester, the Idempotency-Key of a ticket it opens.
     *
     * @throws MappingException when the event has no contact id nor sender, no message id, or the mapping fails on it
     */
    public void map(Exchange exchange) {
        EventView view = EventJson.view(exchange);
        String contactId = view.contactId();
        if (contactId == null) {
            contactId = view.text("/data/from");
        }
        if (contactId == null) {
            throw new MappingException("neither data.contact.id nor data.from is present");
        }
        String messageId = view.messageId();
        if (messageId == null) {
            throw new MappingException("data.message_id is missing");
        }
        exchange.setProperty(CONTENT, ZendeskTicketContent.of(mappings.apply(DESTINATION, Mappings.BODY, view)));
        exchange.setProperty(CONVERSATION, "vobiz-conversation-" + view.conversation());
        exchange.setProperty(REQUESTER_EXTERNAL_ID, "vobiz-contact-" + contactId);
        exchange.setProperty(IDEMPOTENCY_KEY, idempotencyKey(view.conversation(), messageId));
    }

    /**
     * What Zendesk would be given for the message, for a dry run: the requester's and the
     * conversation's external ids and the ticket content the mapping makes; no ledger is read or
     * written and no call made (whether it becomes a new ticket or a comment depends on what
     * Zendesk and the router's ledger hold when it is delivered).
     */
    public Map<String, Object> preview(Exchange exchange) {
        map(exchange);
        Map<String, Object> preview = new LinkedHashMap<>();
        preview.put("requester_external_id", exchange.getProperty(REQUESTER_EXTERNAL_ID, String.class));
        preview.put("ticket_external_id", exchange.getProperty(CONVERSATION, String.class));
        preview.put("ticket", content(exchange));
        return preview;
    }

    /** Adds the message to its conversation's ticket, opening the ticket (and the requester) when needed; see the class. */
    public void deliver(Exchange exchange) throws Exception {
        exchange.setProperty(DispatchKeys.SINK_LOCK_KEY, "zendesk:" + exchange.getProperty(CONVERSATION, String.class));
        locks.lock(exchange);
        try {
            remembered.recall(exchange);
            if (ZendeskMappings.SENT.equals(state(exchange))) {
                // Delivered before: the router stopped before marking the event done.
                return;
            }
            if (exchange.getProperty(REQUESTER_ID) == null) {
                budgets.take(SINK);
                exchange.getIn().setBody(requester(exchange));
                call(exchange, "zendesk:DEFAULT/createOrUpdateUser?inBody=user");
                exchange.setProperty(REQUESTER_ID, exchange.getIn().getBody(User.class).getId());
                remembered.rememberUser(exchange);
            }
            if (Boolean.TRUE.equals(exchange.getProperty(ZendeskMappings.LOOK_UP_TICKET, Boolean.class))) {
                // A ticket may have been opened without the router remembering it: by another message of the
                // conversation whose router stopped in between, or by an earlier attempt of this one longer ago than
                // Zendesk keeps an Idempotency-Key. The conversation's ticket is looked up rather than a second one opened.
                exchange.getIn().setHeader("CamelZendesk.externalId", exchange.getProperty(CONVERSATION));
                budgets.take(SINK);
                call(exchange, "zendesk:DEFAULT/getTicketsByExternalId");
                Ticket latest = latestTicket(exchange.getIn().getBody());
                if (latest != null) {
                    exchange.getIn().setBody(latest);
                    remembered.rememberTicket(exchange);
                    comment(exchange);
                } else {
                    openTicket(exchange);
                }
            } else if (exchange.getProperty(TICKET_ID) != null) {
                comment(exchange);
            } else {
                openTicket(exchange);
            }
            remembered.sent(exchange);
        } finally {
            locks.unlock(exchange);
        }
    }

    /**
     * The message as a comment on the conversation's remembered ticket: one call, or two (budgeted
     * together) when an earlier call adding it had an unknown outcome; a new ticket when that one
     * is gone.
     */
    private void comment(Exchange exchange) throws Exception {
        boolean ticketGone;
        try {
            if (ZendeskMappings.SENDING.equals(state(exchange))) {
                // In doubt: the look and the comment it may call for take their budget together, so that deliveries in
                // doubt cannot each spend the one token there is on looking and then all wait for the second, forever.
                budgets.take(SINK, 2);
                exchange.getIn().setHeader("CamelZendesk.id", exchange.getProperty(TICKET_ID));
                call(exchange, "zendesk:DEFAULT/getTicketComments");
                if (alreadyCommented(exchange, exchange.getIn().getBody())) {
                    return;
                }
            } else {
                budgets.take(SINK);
            }
            remembered.sending(exchange);
            exchange.getIn().setHeader("CamelZendesk.ticketId", exchange.getProperty(TICKET_ID, Long.class));
            exchange.getIn().setBody(comment(exchange, content(exchange).comment()));
            call(exchange, "zendesk:DEFAULT/createComment?inBody=comment");
            // A ticket no longer there (404) is answered with no ticket, not a failure.
            ticketGone = exchange.getIn().getBody() == null;
        } catch (Exception failed) {
            if (!ticketGone(failed)) {
                throw failed;
            }
            ticketGone = true;
        }
        if (ticketGone) {
            openTicket(exchange);
        }
    }

    /** A new ticket for the conversation with the message as its first comment, remembered. */
    private void openTicket(Exchange exchange) throws Exception {
        Ticket ticket = newTicket(exchange);
        // The budget first: an event that must wait for it has not started the call.
        budgets.take(SINK);
        remembered.sending(exchange);
        remembered.opening(exchange);
        exchange.getIn().setBody(ticket);
        exchange.getIn().setBody(ticketCreation.create(exchange));
        remembered.rememberTicket(exchange);
    }

    /** The requester to create or update, with the name, email and phone the mapping gave. */
    private static User requester(Exchange exchange) {
        ZendeskTicketContent content = content(exchange);
        User user = new User();
        user.setExternalId(exchange.getProperty(REQUESTER_EXTERNAL_ID, String.class));
        user.setName(content.requesterName());
        if (content.requesterEmail() != null) {
            user.setEmail(content.requesterEmail());
        }
        if (content.requesterPhone() != null) {
            user.setPhone(content.requesterPhone());
        }
        return user;
    }

    private static Ticket newTicket(Exchange exchange) {
        ZendeskTicketContent content = content(exchange);
        Ticket ticket = new Ticket();
        ticket.setExternalId(exchange.getProperty(CONVERSATION, String.class));
        ticket.setRequesterId(exchange.getProperty(REQUESTER_ID, Long.class));
        ticket.setSubject(content.subject());
        ticket.setComment(comment(exchange, content.comment()));
        return ticket;
    }

    /** The text as a public comment by the requester, ending with the line that identifies the message. */
    private static Comment comment(Exchange exchange, String text) {
        Comment comment = new Comment();
        comment.setBody(text + "\n\n" + marker(EventJson.view(exchange).messageId()));
        comment.setAuthorId(exchange.getProperty(REQUESTER_ID, Long.class));
        comment.setPublic(true);
        return comment;
    }

    /** Sends the exchange to a camel-zendesk endpoint; its answer becomes the body, its failure is thrown. */
    private void call(Exchange exchange, String uri) throws Exception {
        producer.send(uri, exchange);
        Exception failed = exchange.getException();
        if (failed != null) {
            exchange.setException(null);
            throw failed;
        }
    }

    /** The newest of the tickets found that Zendesk still takes comments on (any but closed), or null. */
    static Ticket latestTicket(Object found) {
        Ticket latest = null;
        if (found instanceof Iterable<?> tickets) {
            for (Object each : tickets) {
                if (each instanceof Ticket ticket && ticket.getStatus() != Status.CLOSED
                        && (latest == null || ticket.getId() > latest.getId())) {
                    latest = ticket;
                }
            }
        }
        return latest;
    }

    /** Whether one of the comments found carries this message's id. */
    static boolean alreadyCommented(Exchange exchange, Object found) {
        String marker = marker(EventJson.view(exchange).messageId());
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
     * True when the failure is Zendesk refusing the remembered ticket: closed (422, a closed
     * ticket cannot be updated) or no longer there (404; camel-zendesk answers most calls on a
     * missing ticket with no result instead).
     */
    static boolean ticketGone(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ZendeskResponseException zendesk) {
                return zendesk.getStatusCode() == 404 || zendesk.getStatusCode() == 422;
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

    private static String state(Exchange exchange) {
        return exchange.getProperty(ZendeskMappings.MESSAGE_STATE, String.class);
    }

    private static ZendeskTicketContent content(Exchange exchange) {
        return exchange.getProperty(CONTENT, ZendeskTicketContent.class);
    }
}
