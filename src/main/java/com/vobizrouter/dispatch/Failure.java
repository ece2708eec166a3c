package com.vobizrouter.dispatch;

import java.time.Duration;

/**
 * What a sink failure means for the event: try again (transient), give up now (permanent),
 * wait for configuration (parked), or wait for another delivery to give a sink lock back (busy).
 * {@code retryAfter} is the sink's own request, when it made one.
 */
public record Failure(Kind kind, String reason, String sinkResponse, Duration retryAfter) {

    public enum Kind { TRANSIENT, PERMANENT, PARKED, BUSY }

    public static Failure transientFailure(String reason, String sinkResponse, Duration retryAfter) {
        return new Failure(Kind.TRANSIENT, reason, sinkResponse, retryAfter);
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
