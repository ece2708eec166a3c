package com.vobizrouter.sink.http;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * A {@code Retry-After} header (RFC 9110): a number of seconds or an HTTP date. A date already
 * past means "now"; a wait longer than a day is taken as a day, so that a receiver cannot stop its
 * destination for longer than that with one answer (it can ask again then). Anything else is no
 * request at all.
 */
final class RetryAfter {

    static final Duration LONGEST = Duration.ofDays(1);

    private RetryAfter() {
    }

    /** The wait the header asks for, or null when there is none or it cannot be read. */
    static Duration parse(String header, Instant now) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String value = header.trim();
        if (value.matches("\\d{1,19}")) {
            return capped(value.length() > 6 ? LONGEST : Duration.ofSeconds(Long.parseLong(value)));
        }
        try {
            Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            return at.isAfter(now) ? capped(Duration.between(now, at)) : Duration.ZERO;
        } catch (DateTimeParseException notADate) {
            return null;
        }
    }

    private static Duration capped(Duration wait) {
        return wait.compareTo(LONGEST) > 0 ? LONGEST : wait;
    }
}
