package com.vobizrouter.inbox;

import java.time.Instant;

/**
 * One inbox row claimed for dispatch, with the claim token that proves the lease is still ours
 * when the outcome is written back.
 *
 * @param payload the event as its sender sent it
 * @param source  the source it came in through ({@value #LEGACY_SOURCE} for {@code router.webhook})
 * @param view    the event in the SPEC's envelope, written by intake for sources whose envelope is
 *                another; null when the payload itself is in that envelope (see {@link EventView})
 * @param destinations the names of the destinations its first dispatch chose, comma-separated; null
 *                until it is decided
 * @param traceParent the W3C traceparent of the webhook span that stored it ({@link EventTraces}); null
 *                when tracing was off
 */
public record InboxEvent(long id, String eventId, String eventType, String channelId, String eventTimestamp,
        Instant receivedAt, int attempts, String payload, String claimToken, String source, String view, String destinations,
        String traceParent) {

    /** An event stored with no trace. */
    public InboxEvent(long id, String eventId, String eventType, String channelId, String eventTimestamp, Instant receivedAt,
            int attempts, String payload, String claimToken, String source, String view, String destinations) {
        this(id, eventId, eventType, channelId, eventTimestamp, receivedAt, attempts, payload, claimToken, source, view, destinations, null);
    }

    /** An event whose destinations are not decided yet. */
    public InboxEvent(long id, String eventId, String eventType, String channelId, String eventTimestamp, Instant receivedAt,
            int attempts, String payload, String claimToken, String source, String view) {
        this(id, eventId, eventType, channelId, eventTimestamp, receivedAt, attempts, payload, claimToken, source, view, null);
    }

    /** The same event with its destinations decided. */
    public InboxEvent withDestinations(String names) {
        return new InboxEvent(id, eventId, eventType, channelId, eventTimestamp, receivedAt, attempts, payload, claimToken, source, view,
                names, traceParent);
    }

    /** The name of the source configured by {@code router.webhook} (the SPEC's format). */
    public static final String LEGACY_SOURCE = "vobiz";

    /** An event of the {@code router.webhook} source, whose payload is its own view. */
    public InboxEvent(long id, String eventId, String eventType, String channelId, String eventTimestamp, Instant receivedAt,
            int attempts, String payload, String claimToken) {
        this(id, eventId, eventType, channelId, eventTimestamp, receivedAt, attempts, payload, claimToken, LEGACY_SOURCE, null);
    }
}
