package com.vobizrouter.sink.zendesk;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;

import javax.sql.DataSource;

import com.vobizrouter.dispatch.SinkLocks;
import com.vobizrouter.sink.EventJson;
import org.apache.camel.Exchange;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.zendesk.client.v2.model.Ticket;

/**
 * What the Zendesk sink remembers between messages (bean {@code zendeskMappings}; tables of
 * {@code V9__create_zendesk_mappings.sql}): the Zendesk user of each contact, the ticket of each
 * conversation, and whether each message is being sent (in doubt) or sent. With these a message
 * of a known conversation costs one Zendesk call, the comment; the route decides which calls to
 * make from the exchange properties {@link #recall(Exchange)} sets.
 *
 * <p>Writes replace what was there (update, else insert), so two instances remembering the same
 * thing at once both succeed; the conversation's sink lock makes that rare anyway.
 */
public class ZendeskMappings {

    /** {@code SENDING} or {@code SENT} for this message, null when no call adding it was made yet. */
    static final String MESSAGE_STATE = "zendeskMessageState";
    static final String SENDING = "SENDING";
    static final String SENT = "SENT";
    /**
     * True when the conversation's ticket must be looked up (by its external id) before one is
     * opened: another message of the conversation began opening a ticket and its outcome is unknown
     * (a row of {@code zendesk_ticket_opening}), or this message has been in doubt, with no ticket
     * remembered, for longer than Zendesk surely keeps the {@code Idempotency-Key} of a ticket it
     * opened (two hours; one is taken, to be safe).
     */
    static final String LOOK_UP_TICKET = "zendeskLookUpTicket";
    private static final Duration KEY_KEPT = Duration.ofHours(1);

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public ZendeskMappings(DataSource dataSource, Clock clock) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.clock = clock;
    }

    /**
     * Sets the requester's Zendesk user id, the conversation's ticket id and the message's state
     * (each null when not known), and {@value #LOOK_UP_TICKET}, from one query.
     */
    public void recall(Exchange exchange) {
        String message = messageKey(exchange);
        String conversation = conversationKey(exchange);
        jdbc.query("SELECT (SELECT user_id FROM zendesk_user WHERE contact_key = ?), "
                + "(SELECT ticket_id FROM zendesk_ticket WHERE conversation_key = ?), "
                + "(SELECT state FROM zendesk_message WHERE message_key = ?), "
                + "(SELECT updated_at FROM zendesk_message WHERE message_key = ?), "
                + "(SELECT message_key FROM zendesk_ticket_opening WHERE conversation_key = ?)", rs -> {
                    exchange.setProperty(ZendeskConversations.REQUESTER_ID, rs.getObject(1) == null ? null : rs.getLong(1));
                    exchange.setProperty(ZendeskConversations.TICKET_ID, rs.getObject(2) == null ? null : rs.getLong(2));
                    exchange.setProperty(MESSAGE_STATE, rs.getString(3));
                    Timestamp since = rs.getTimestamp(4);
                    boolean keyExpired = rs.getObject(2) == null && SENDING.equals(rs.getString(3)) && since != null
                            && since.toInstant().isBefore(clock.instant().minus(KEY_KEPT));
                    String opener = rs.getString(5);
                    exchange.setProperty(LOOK_UP_TICKET, keyExpired || (opener != null && !opener.equals(message)));
                }, contactKey(exchange), conversation, message, message, conversation);
    }

    /** Remembers the requester's user id (property set from the createOrUpdateUser answer). */
    public void rememberUser(Exchange exchange) {
        replace("UPDATE zendesk_user SET user_id = ?, updated_at = ? WHERE contact_key = ?",
                "INSERT INTO zendesk_user (user_id, updated_at, contact_key) VALUES (?, ?, ?)",
                exchange.getProperty(ZendeskConversations.REQUESTER_ID, Long.class), contactKey(exchange));
    }

    /**
     * Records, before the call that opens a ticket for the conversation, that this message is
     * opening it: until {@link #rememberTicket} the other messages of the conversation look the
     * ticket up first. A record of another message's opening is replaced (that one was looked up
     * and not found, or this one is the conversation's next ticket after a closed one).
     */
    public void opening(Exchange exchange) {
        replace("UPDATE zendesk_ticket_opening SET message_key = ?, started_at = ? WHERE conversation_key = ?",
                "INSERT INTO zendesk_ticket_opening (message_key, started_at, conversation_key) VALUES (?, ?, ?)",
                messageKey(exchange), conversationKey(exchange));
    }

    /**
     * Remembers the ticket just opened or found (body: the ticket) as the conversation's; no
     * opening of the conversation is in doubt any more.
     */
    public void rememberTicket(Exchange exchange) {
        Long ticketId = exchange.getIn().getBody(Ticket.class).getId();
        exchange.setProperty(ZendeskConversations.TICKET_ID, ticketId);
        String conversation = conversationKey(exchange);
        replace("UPDATE zendesk_ticket SET ticket_id = ?, updated_at = ? WHERE conversation_key = ?",
                "INSERT INTO zendesk_ticket (ticket_id, updated_at, conversation_key) VALUES (?, ?, ?)",
                ticketId, conversation);
        jdbc.update("DELETE FROM zendesk_ticket_opening WHERE conversation_key = ?", conversation);
    }

    /**
     * Records, before the call that adds the message to Zendesk, that its outcome is in doubt;
     * a record already there keeps its time, when the doubt began.
     */
    public void sending(Exchange exchange) {
        try {
            jdbc.update("INSERT INTO zendesk_message (message_key, state, updated_at) VALUES (?, ?, ?)", messageKey(exchange), SENDING,
                    now());
        } catch (DuplicateKeyException alreadyInDoubt) {
            // An earlier attempt got this far: still in doubt.
        }
        exchange.setProperty(MESSAGE_STATE, SENDING);
    }

    /** Records that the message is in Zendesk: a redelivery makes no call. */
    public void sent(Exchange exchange) {
        replace("UPDATE zendesk_message SET state = ?, updated_at = ? WHERE message_key = ?",
                "INSERT INTO zendesk_message (state, updated_at, message_key) VALUES (?, ?, ?)", SENT, messageKey(exchange));
        exchange.setProperty(MESSAGE_STATE, SENT);
    }

    /** Runs the update; when it found no row, the insert (same parameters); on a race, the update again. */
    private void replace(String update, String insert, Object value, String key) {
        Timestamp now = now();
        if (jdbc.update(update, value, now, key) == 0) {
            try {
                jdbc.update(insert, value, now, key);
            } catch (DuplicateKeyException insertedMeanwhile) {
                jdbc.update(update, value, now, key);
            }
        }
    }

    private Timestamp now() {
        return Timestamp.from(clock.instant());
    }

    private static String contactKey(Exchange exchange) {
        return SinkLocks.storedKey(exchange.getProperty(ZendeskConversations.REQUESTER_EXTERNAL_ID, String.class));
    }

    private static String conversationKey(Exchange exchange) {
        return SinkLocks.storedKey(exchange.getProperty(ZendeskConversations.CONVERSATION, String.class));
    }

    /** The message within its conversation: a message id is only unique per sender. */
    private static String messageKey(Exchange exchange) {
        return SinkLocks.storedKey(exchange.getProperty(ZendeskConversations.CONVERSATION, String.class) + "/"
                + EventJson.view(exchange).messageId());
    }
}
