package com.vobizrouter.support;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;

/**
 * The cut-off before which idempotency keys are purged ({@code router.dedup.retention}). Keys
 * are stamped with the router's clock by camel-sql, so the cut-off uses the same clock.
 */
public class DedupRetention {

    private final Duration retention;
    private final Clock clock;

    public DedupRetention(Duration retention) {
        this(retention, Clock.systemUTC());
    }

    public DedupRetention(Duration retention, Clock clock) {
        this.retention = retention;
        this.clock = clock;
    }

    /** Keys created before this instant are older than the retention. */
    public Timestamp cutoff() {
        return Timestamp.from(clock.instant().minus(retention));
    }
}
