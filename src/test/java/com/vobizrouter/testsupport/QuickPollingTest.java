package com.vobizrouter.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/** Every test's waits check at once and then every 10 ms ({@link QuickPolling}), not every 100 ms. */
class QuickPollingTest {

    @Test
    void aWaitWithoutPollSettingsOfItsOwnChecksFiveTimesWellWithinTheHalfSecondAwaitilitysDefaultsWouldTake() {
        AtomicInteger checks = new AtomicInteger();
        long start = System.nanoTime();

        await().atMost(Duration.ofSeconds(10)).until(() -> checks.incrementAndGet() == 5);

        // Awaitility's own defaults: the first check after 100 ms, then one every 100 ms.
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(400));
    }
}
