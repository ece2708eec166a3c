package com.vobizrouter.intake;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The freshness window of a source: an event whose own signed time is older than the source's
 * {@code max-event-age} is refused, so a request captured on the wire cannot be replayed once its
 * idempotency key has expired (the window is shorter than {@code router.dedup.retention}, so an
 * event is always either fresh enough to be checked or remembered as a duplicate).
 *
 * <p>The one place where event times are read and their age judged, for every source: the
 * built-in {@code vobiz} of {@code router.webhook} and those of {@code router.sources}.
 * A time that is present but cannot be read is a 400 naming the field: the window cannot be
 * applied to it, and a signed event is never guessed at. An ABSENT time is accepted: the SPEC's
 * envelope and Vobiz's documents show the field but do not promise it, refusing its absence would
 * turn away a sender that omits it for good (a 400 is never retried), and such an event is still
 * protected by its idempotency key for {@code router.dedup.retention}. Future times are not
 * refused: a sender's clock running ahead does not make a request a replay.
 */
public final class EventAge {

    /** Rejection reason of an event older than the window. */
    public static final String STALE = "stale_event";

    private final Duration maxAge;
    private final Clock clock;

    public EventAge(Duration maxAge, Clock clock) {
        this.maxAge = maxAge;
        this.clock = clock;
    }

    public Duration maxAge() {
        return maxAge;
    }

    /** True when the time is older than the window; false for null (no time given). */
    public boolean isStale(Instant at) {
        return at != null && at.isBefore(clock.instant().minus(maxAge));
    }

    /** Throws the 400 {@link #STALE} refusal naming {@code field} when the RFC 3339 time it holds is older than the window. */
    public void check(String field, String rfc3339) {
        if (isStale(instant(rfc3339))) {
            throw stale(field);
        }
    }

    /** The 400 refusal of an event whose {@code field} is older than the window. */
    public WebhookRejection stale(String field) {
        return new WebhookRejection(400, STALE, field + " is older than this source accepts (max-event-age " + maxAge
                + "); the event is not stored");
    }

    /**
     * An RFC 3339 time field of a JSON object, as sent: null when absent or JSON null.
     *
     * @param name the field's name in the refusal
     * @throws WebhookRejection 400 naming the field when it is anything but an RFC 3339 time
     */
    public static String rfc3339(JsonNode object, String field, String name) {
        JsonNode value = object == null || !object.isObject() ? null : object.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual() || instant(value.asText()) == null) {
            throw new WebhookRejection(400, "invalid_envelope", name + " must be an RFC 3339 time such as 2026-03-19T10:30:45Z");
        }
        return value.asText();
    }

    /**
     * A Unix-seconds time field (WhatsApp's: digits, as text or a number) in RFC 3339: null when
     * absent or JSON null.
     *
     * @param name the field's name in the refusal
     * @throws WebhookRejection 400 naming the field when it is anything but Unix seconds
     */
    public static String unixSeconds(JsonNode object, String field, String name) {
        JsonNode value = object == null || !object.isObject() ? null : object.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        String text = value.isTextual() || value.isIntegralNumber() ? value.asText() : "";
        if (!text.matches("\\d{1,12}")) {
            throw new WebhookRejection(400, "invalid_envelope", name + " must be a time in Unix seconds such as 1774432830");
        }
        return Instant.ofEpochSecond(Long.parseLong(text)).toString();
    }

    /** The instant of an RFC 3339 time (offset required, {@code T}/{@code Z} in either case), or null when it is not one. */
    public static Instant instant(String rfc3339) {
        if (rfc3339 == null || rfc3339.length() > 64) {
            return null;
        }
        try {
            return OffsetDateTime.parse(rfc3339.replace('t', 'T').replace('z', 'Z'), DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeException notATime) {
            return null;
        }
    }
}
