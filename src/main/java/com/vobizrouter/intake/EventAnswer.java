package com.vobizrouter.intake;

/**
 * What one event of a request was answered, for a source that answers for its events itself.
 *
 * @param eventId     the id as the sender gave it
 * @param eventType   the type as the sender named it
 * @param outcome     {@code accepted}, {@code ignored} or {@code duplicate}
 * @param countedType the type tag it is counted under (bounded by the source's settings)
 */
public record EventAnswer(String eventId, String eventType, String outcome, String countedType) {
}
