package com.vobizrouter.inbox;

/**
 * The router's id of an event: {@code <source>:<sender's id>}, for every source, the SPEC's
 * {@value InboxEvent#LEGACY_SOURCE} included. It is what the inbox, the idempotency keys, the
 * analytics table, delivery attempts and dead letters hold, so the same id sent by two senders is
 * two events, and no sender's id can be taken for another source's ({@code sw:abc} sent to
 * {@code /webhooks/vobiz} is {@code vobiz:sw:abc}, never source {@code sw}'s {@code abc}).
 *
 * <p>When {@code <source>:<id>} is longer than the columns ({@value #MAX_LENGTH} characters) the
 * id is {@code <source>:sha256:<hex>} of the sender's id, the same for every copy of the event.
 * The upgrade of ids stored before this rule ({@code db.migration}) uses this function too.
 */
public final class EventIds {

    /** Width of {@code inbox_event.event_id}, {@code CAMEL_MESSAGEPROCESSED.messageId} and the other event id columns. */
    public static final int MAX_LENGTH = 100;

    private EventIds() {
    }

    /** The router's id of the event {@code senderId} of {@code source}. */
    public static String stored(String source, String senderId) {
        String namespaced = source + ":" + senderId;
        if (namespaced.length() <= MAX_LENGTH) {
            return namespaced;
        }
        return source + ":sha256:" + Digests.sha256Hex(senderId);
    }
}
