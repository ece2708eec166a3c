package com.vobizrouter.inbox;

/**
 * Names of the exchange properties that describe the event itself, set by intake from the
 * envelope and by dispatch from the inbox row, and read by the YAML routes (the content-based
 * router chooses on {@link #EVENT_TYPE}). Exchange properties, not headers: a client can send any
 * header it likes, but never a property.
 *
 * <p>Dispatch sets the same properties for every source, whatever its profile: the YAML routes
 * choose on one normalised set ({@link #EVENT_TYPE} in the router's vocabulary, the source, the
 * message, contact and conversation ids), never on a sender's own envelope.
 */
public final class EventKeys {

    /** The router's event id, {@code <source>:<id>} for every source ({@link EventIds#stored}). */
    public static final String EVENT_ID = "vobizEventId";
    /** The event type in the router's vocabulary ({@code message.received}, {@code message.read}, …). */
    public static final String EVENT_TYPE = "vobizEventType";
    public static final String CHANNEL_ID = "vobizChannelId";
    public static final String EVENT_TIMESTAMP = "vobizEventTimestamp";
    /** The source the event came in through ({@code vobiz} for {@code router.webhook}, else its name under {@code router.sources}). */
    public static final String SOURCE = "vobizSource";
    /** The event type as the sender named it (for example Vobiz's {@code message.inbound}). */
    public static final String SOURCE_EVENT_TYPE = "vobizSourceEventType";
    /** The WhatsApp message id the event is about, when it is about one. */
    public static final String MESSAGE_ID = "vobizMessageId";
    /** The router's id of the customer (the SPEC's contact id, or {@code wa_<WhatsApp id>}). */
    public static final String CONTACT_ID = "vobizContactId";
    /** The conversation a customer message belongs to: one Zendesk ticket while it is open. */
    public static final String CONVERSATION = "vobizConversation";
    /** The {@link EventView} of the event being dispatched, read once and shared by its sinks. */
    public static final String VIEW = "vobizEventView";

    private EventKeys() {
    }
}
