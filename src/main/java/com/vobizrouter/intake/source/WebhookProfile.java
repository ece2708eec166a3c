package com.vobizrouter.intake.source;

import java.util.List;
import java.util.function.Function;

/**
 * How the requests of one kind of sender are signed and what their bodies mean: a small verifier
 * and an envelope mapping. Everything else (the checks of the HTTP request, deduplication, the
 * inbox, the answers) is the same for every profile.
 *
 * <p>Implementations refuse with a {@link com.vobizrouter.intake.WebhookRejection}: 401 from
 * {@link #verify}, 400 from {@link #parse}.
 */
public interface WebhookProfile {

    /** The profile's name in {@code router.sources.<name>.profile}. */
    String name();

    /** Checks that the body was signed by the sender; called before anything reads the body. */
    void verify(RequestHeaders headers, byte[] body);

    /** The events of a verified body, in the order they appear. */
    List<SourceEvent> parse(RequestHeaders headers, byte[] body);

    /**
     * The name of the field carrying an event's own signed time ({@link SourceEvent#timestamp}),
     * which the source's {@code max-event-age} is applied to; null when the profile keeps a
     * freshness rule of its own instead (Standard Webhooks' {@code webhook-timestamp} tolerance).
     */
    default String eventTimeField() {
        return null;
    }

    /**
     * Whether a request carries several events answered one by one (Meta's notifications): an
     * event older than {@code max-event-age} is then answered {@code stale} in its entry and the
     * others are stored; otherwise the whole request is refused with 400.
     */
    default boolean answersEachEvent() {
        return false;
    }

    /** Whether the profile answers a GET subscription handshake (Meta's {@code hub.challenge}). */
    default boolean answersHandshake() {
        return false;
    }

    /**
     * The text to answer a GET subscription handshake with, or null when it is refused (403).
     *
     * @param parameters the request's query parameters by name
     */
    default String handshake(Function<String, String> parameters) {
        return null;
    }
}
