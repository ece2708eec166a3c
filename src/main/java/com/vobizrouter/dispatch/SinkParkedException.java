package com.vobizrouter.dispatch;

/**
 * A sink has no credentials configured. Not a failure of the event: it waits in the inbox,
 * re-checked every {@code router.dispatch.parked-recheck}, and flows once the sink is configured.
 */
public class SinkParkedException extends RuntimeException {

    public SinkParkedException(String sink, String missing) {
        super(sink + " is parked: " + missing, null, false, false);
    }
}
