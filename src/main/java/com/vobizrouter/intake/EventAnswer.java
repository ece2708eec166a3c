package com.vobizrouter.intake;

/**
 * What one event of a request was answered, for a source that answers for its events itself.
 *
 * @param eventId     the id as the sender gave it
 * @param eventType   the type as the sender named it
 * @param outcome     {@code accepted}, {@code ignored}, {@code duplicate}, or {@link #STALE} (older
 *                    than the source's {@code max-event-age}: not stored)
 * @param countedType the type tag it is counted under (bounded by the source's settings)
 */
public record EventAnswer(String eventId, String eventType, String outcome, String countedType) {

    /** The outcome of an event older than its source's {@code max-event-age}, refused alone in a request of several. */
    public static final String STALE = "stale";
}
