package com.vobizrouter.inbox;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Names of the exchange properties that describe the event itself, set by intake from the
 * envelope and by dispatch from the inbox row, and read by the YAML routes (the content-based
 * router chooses on {@link #EVENT_TYPE}). Exchange properties, not headers: a client can send any
 * header it likes, but never a property.
 *
 * <p>Dispatch sets the same properties for every source, whatever its profile: the YAML routes
 * choose on one normalised set ({@link #EVENT_TYPE} in the router's vocabulary, the source, the
 * message, contact and conversation ids), never on a sender's own envelope. The sinks' Java code
 * reads the event from its {@link EventView} ({@link #VIEW}), never from these: they exist for
 * the YAML routes, and each is documented in {@code routes/README.md} as available to every sink route, so
 * they stay even where no route of this project reads them (a user's route may).
 */
public final class EventKeys {

    /** The router's event id, {@code <source>:<id>} for every source ({@link EventIds#stored}). */
    public static final String EVENT_ID = "eventId";
    /** The event type in the router's vocabulary ({@code message.received}, {@code message.read}, …). */
    public static final String EVENT_TYPE = "eventType";
    public static final String CHANNEL_ID = "channelId";
    public static final String EVENT_TIMESTAMP = "eventTimestamp";
    /** The source the event came in through ({@code vobiz} for {@code router.webhook}, else its name under {@code router.sources}). */
    public static final String SOURCE = "eventSource";
    /** The event type as the sender named it (for example Vobiz's {@code message.inbound}). */
    public static final String SOURCE_EVENT_TYPE = "senderEventType";
    /** The WhatsApp message id the event is about, when it is about one. */
    public static final String MESSAGE_ID = "messageId";
    /** The router's id of the customer (the SPEC's contact id, or {@code wa_<WhatsApp id>}). */
    public static final String CONTACT_ID = "contactId";
    /** The conversation a customer message belongs to: one Zendesk ticket while it is open. */
    public static final String CONVERSATION = "conversation";
    /** The {@link EventView} of the event being dispatched, read once and shared by its sinks. */
    public static final String VIEW = "eventView";

    /**
     * Deprecated: the names these properties had when every event came from Vobiz. Dispatch still
     * sets them beside the new names, so a route written against them keeps working; new routes
     * use the names above. They will be removed in a later release.
     */
    public static final Map<String, String> DEPRECATED_NAMES = Map.of(
            "vobizEventId", EVENT_ID,
            "vobizEventType", EVENT_TYPE,
            "vobizChannelId", CHANNEL_ID,
            "vobizEventTimestamp", EVENT_TIMESTAMP,
            "vobizSource", SOURCE,
            "vobizSourceEventType", SOURCE_EVENT_TYPE,
            "vobizMessageId", MESSAGE_ID,
            "vobizContactId", CONTACT_ID,
            "vobizConversation", CONVERSATION);

    /**
     * The properties dispatch puts on the exchange of {@code view}'s event for the YAML routes: the
     * names above (a missing value left out) and the deprecated ones beside them.
     */
    public static Map<String, String> of(EventView view) {
        InboxEvent event = view.event();
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put(EVENT_ID, event.eventId());
        properties.put(EVENT_TYPE, event.eventType());
        properties.put(CHANNEL_ID, event.channelId());
        properties.put(EVENT_TIMESTAMP, event.eventTimestamp());
        properties.put(SOURCE, event.source());
        properties.put(SOURCE_EVENT_TYPE, view.sourceEventType());
        properties.put(MESSAGE_ID, view.messageId());
        properties.put(CONTACT_ID, view.contactId());
        properties.put(CONVERSATION, view.conversation());
        DEPRECATED_NAMES.forEach((old, name) -> properties.put(old, properties.get(name)));
        properties.values().removeIf(Objects::isNull);
        return properties;
    }

    private EventKeys() {
    }
}
