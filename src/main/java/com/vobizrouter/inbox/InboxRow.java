package com.vobizrouter.inbox;

/**
 * A new event as intake stores it in {@code inbox_event} ({@link InboxWriter}).
 *
 * @param eventId        the router's id of the event ({@code <source>:<id>}), also its idempotency key
 * @param eventTimestamp the event's own time as the sender wrote it; null when it has none
 * @param status         {@code PENDING}, or {@code IGNORED} for a type that is not dispatched
 * @param payload        the event as its sender sent it
 * @param source         the source it came in through
 * @param normalised     the event in the SPEC's envelope; null when the payload is its own view
 * @param traceParent    the W3C traceparent of the webhook span storing it ({@link EventTraces}); null when tracing is off
 */
public record InboxRow(String eventId, String eventType, String channelId, String eventTimestamp, String status, String payload,
        String source, String normalised, String traceParent) {
}
