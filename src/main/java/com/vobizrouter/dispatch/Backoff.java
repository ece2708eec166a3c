package com.vobizrouter.dispatch;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with jitter: the n-th retry waits a random time between half and all of
 * {@code initial * 2^(n-1)}, capped at {@code max}. Jitter spreads the retries of a burst that
 * failed together so they do not hit a recovering sink in one wave. A sink's own
 * {@code Retry-After} wins when it asks for longer.
 */
public class Backoff {

    private final Duration initial;
    private final Duration max;
    private final DoubleSupplier random;

    public Backoff(Duration initial, Duration max) {
        this(initial, max, () -> ThreadLocalRandom.current().nextDouble());
    }

    Backoff(Duration initial, Duration max, DoubleSupplier random) {
        this.initial = initial;
        this.max = max;
        this.random = random;
    }

    /**
     * @param failedAttempts attempts made so far, including the one that just failed (1 or more)
     * @param retryAfter what the sink asked for, or null
     */
    public Duration delay(int failedAttempts, Duration retryAfter) {
        int exponent = Math.min(Math.max(failedAttempts - 1, 0), 30);
        long ceilingMillis = Math.min(max.toMillis(), initial.toMillis() * (1L << exponent));
        long jittered = (long) (ceilingMillis * (0.5 + 0.5 * random.getAsDouble()));
        Duration delay = Duration.ofMillis(jittered);
        if (retryAfter != null && retryAfter.compareTo(delay) > 0) {
            return retryAfter;
        }
        return delay;
    }
}
