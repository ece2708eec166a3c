package com.vobizrouter.dispatch;

import java.time.Duration;

/**
 * What a sink failure means for the event: try again (transient), give up now (permanent),
 * wait for configuration (parked), wait for another delivery to give a sink lock back (busy),
 * wait for the sink's API budget (paused), or pause the sink for every instance because it said
 * "too many requests" (rate limited). {@code retryAfter} is the sink's own request, when it made one.
 */
public record Failure(Kind kind, String reason, String sinkResponse, Duration retryAfter) {

    public enum Kind { TRANSIENT, PERMANENT, PARKED, BUSY, PAUSED, RATE_LIMITED }

    public static Failure transientFailure(String reason, String sinkResponse, Duration retryAfter) {
        return new Failure(Kind.TRANSIENT, reason, sinkResponse, retryAfter);
    }

    /** The sink said "too many requests": it pauses for every instance for {@code retryAfter} (a minute when it said nothing). */
    public static Failure rateLimited(String reason, String sinkResponse, Duration retryAfter) {
        return new Failure(Kind.RATE_LIMITED, reason, sinkResponse, retryAfter);
    }

    public static Failure permanent(String reason, String sinkResponse) {
        return new Failure(Kind.PERMANENT, reason, sinkResponse, null);
    }

    /** An HTTP answer of a sink: 5xx, 408 and 429 may pass (transient), other statuses will not. */
    public static Failure http(String sink, int status, String statusText, String body) {
        String reason = sink + " answered " + status + (statusText == null ? "" : " " + statusText);
        if (status >= 500 || status == 408 || status == 429) {
            return transientFailure(reason, body, null);
        }
        return permanent(reason, body);
    }
}
