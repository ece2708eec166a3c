package com.vobizrouter.intake.source;

/**
 * One event of a verified request, as a profile read it.
 *
 * @param id         the id that makes a redelivery a duplicate, as the sender gave it (or, where
 *                   the sender gives none, derived from what identifies the event)
 * @param type       the type as the sender named it; {@code router.sources.<name>.events} lists these
 * @param routerType the type in the router's vocabulary, which dispatch routes on
 * @param channelId  the business channel (WhatsApp phone number id), or null
 * @param timestamp  when it happened (RFC 3339), or null
 * @param payload    what is stored as the event: the body as sent, or for one of several events
 *                   of a request (Meta's) the body cut down to that event
 * @param view       the event in the SPEC's envelope ({@link com.vobizrouter.inbox.EventView}),
 *                   or null when the payload is in that envelope already
 */
public record SourceEvent(String id, String type, String routerType, String channelId, String timestamp, String payload,
        String view) {
}
