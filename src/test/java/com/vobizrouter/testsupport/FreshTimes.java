package com.vobizrouter.testsupport;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makes a sample's or fixture's event times fresh before it is signed, as {@code samples/send.sh}
 * does: the router refuses an event older than its source's {@code max-event-age}, and the
 * samples carry the fixed times of the providers' documents. Every {@code "timestamp"} and
 * {@code "occurred_at"} value (RFC 3339, or Unix seconds as WhatsApp writes them) is moved by the
 * same amount, so that the latest is now and their order and gaps are kept; everything else,
 * formatting included, stays byte for byte.
 */
public final class FreshTimes {

    private static final Pattern TIME = Pattern.compile("\"(timestamp|occurred_at)\"(\\s*:\\s*)\"([^\"]{1,64})\"");
    private static final Pattern UNIX_SECONDS = Pattern.compile("\\d{9,12}");

    private FreshTimes() {
    }

    /** The JSON with its event times moved so that the latest is now. */
    public static String of(String json) {
        return at(json, Instant.now());
    }

    public static byte[] of(byte[] json) {
        return of(new String(json, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
    }

    /** The JSON with its event times moved so that the latest is {@code latest}. */
    public static String at(String json, Instant latest) {
        Instant newest = null;
        Matcher times = TIME.matcher(json);
        while (times.find()) {
            Instant at = instant(times.group(3));
            if (at != null && (newest == null || at.isAfter(newest))) {
                newest = at;
            }
        }
        if (newest == null) {
            return json;
        }
        Duration shift = Duration.between(newest, latest.truncatedTo(ChronoUnit.SECONDS));
        StringBuilder moved = new StringBuilder(json.length());
        times = TIME.matcher(json);
        while (times.find()) {
            String value = times.group(3);
            Instant at = instant(value);
            String fresh = at == null ? value
                    : UNIX_SECONDS.matcher(value).matches() ? String.valueOf(at.plus(shift).getEpochSecond()) : at.plus(shift).toString();
            times.appendReplacement(moved, Matcher.quoteReplacement("\"" + times.group(1) + "\"" + times.group(2) + "\"" + fresh + "\""));
        }
        times.appendTail(moved);
        return moved.toString();
    }

    /** The instant a time value names, or null when it is not a time (left as it is). */
    private static Instant instant(String value) {
        if (UNIX_SECONDS.matcher(value).matches()) {
            return Instant.ofEpochSecond(Long.parseLong(value));
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeException notATime) {
            return null;
        }
    }
}
