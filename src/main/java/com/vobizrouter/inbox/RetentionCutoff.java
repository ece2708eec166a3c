package com.vobizrouter.inbox;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;

/**
 * The cut-off before which rows are purged by the housekeeping routes: idempotency keys
 * ({@code router.dedup.retention}, bean {@code dedupRetention}), rejected requests
 * ({@code router.admin.rejections-retention}, bean {@code rejectionRetention}) and the tables
 * under {@code router.retention.*} ({@link Retention}). Keys are stamped with the router's clock
 * by camel-sql, so the cut-off uses the same clock.
 */
public class RetentionCutoff {

    private final Duration retention;
    private final Clock clock;

    public RetentionCutoff(Duration retention) {
        this(retention, Clock.systemUTC());
    }

    public RetentionCutoff(Duration retention, Clock clock) {
        this.retention = retention;
        this.clock = clock;
    }

    public Duration retention() {
        return retention;
    }

    /** Rows stamped before this instant are older than the retention. */
    public Timestamp cutoff() {
        return Timestamp.from(clock.instant().minus(retention));
    }
}
