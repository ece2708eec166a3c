package com.vobizrouter.dispatch;

import java.time.Duration;

/**
 * What a sink failure means for the event: try again (transient), give up now (permanent),
 * wait for configuration (parked), or wait for another delivery to give a sink lock back (busy).
 * {@code retryAfter} is the sink's own request, when it made one.
 */
public record Failure(Kind kind, String reason, String sinkResponse, Duration retryAfter) {

    public enum Kind { TRANSIENT, PERMANENT, PARKED, BUSY }

    static Failure transientFailure(String reason, String sinkResponse, Duration retryAfter) {
        return new Failure(Kind.TRANSIENT, reason, sinkResponse, retryAfter);
    }

    static Failure permanent(String reason, String sinkResponse) {
        return new Failure(Kind.PERMANENT, reason, sinkResponse, null);
    }
}
