package com.vobizrouter.dispatch;

import java.time.Instant;

/**
 * A sink's API budget has no call left for now, or the sink is paused for every instance (it said
 * "too many requests", or its daily allowance is used up). Not a failure of the event: it waits
 * until {@link #until()} without spending an attempt.
 */
public class SinkPausedException extends RuntimeException {

    private final Instant until;

    public SinkPausedException(String message, Instant until) {
        super(message, null, false, false);
        this.until = until;
    }

    public Instant until() {
        return until;
    }
}
