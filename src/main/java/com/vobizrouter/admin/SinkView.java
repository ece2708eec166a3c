package com.vobizrouter.admin;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The business systems whose API limits the router spends, as this instance sees them, for
 * {@code GET /admin/sinks} and the console. The wiring provides it from the dispatch and sink
 * packages, which the admin API does not know.
 */
public interface SinkView {

    /** The sinks shown, in order. */
    List<String> sinks();

    /**
     * One sink: {@code state} (up, parked, paused or failing) and {@code detail}, {@code since}
     * when known, {@code paused_until} and {@code pause_reason} while it is paused on every
     * instance, {@code limit_per_minute} (0: none) and {@code calls_per_minute}, this instance's
     * calls in each of the last {@code minutes} minutes, oldest first, the last one the minute of {@code at}.
     */
    Map<String, Object> describe(String sink, int minutes, Instant at);
}
