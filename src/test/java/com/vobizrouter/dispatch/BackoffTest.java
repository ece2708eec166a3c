package com.vobizrouter.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** Pins the retry schedule: doubling, jitter between half and all, the cap, and Retry-After. */
class BackoffTest {

    private final Duration second = Duration.ofSeconds(1);
    private final Duration fiveMinutes = Duration.ofMinutes(5);

    @Test
    void doublesEachAttemptAtTheTopOfTheJitterRange() {
        Backoff top = new Backoff(second, fiveMinutes, () -> 1.0);
        assertThat(top.delay(1, null)).isEqualTo(Duration.ofSeconds(1));
        assertThat(top.delay(2, null)).isEqualTo(Duration.ofSeconds(2));
        assertThat(top.delay(3, null)).isEqualTo(Duration.ofSeconds(4));
        assertThat(top.delay(9, null)).isEqualTo(Duration.ofSeconds(256));
    }

    @Test
    void jitterNeverGoesBelowHalfTheStep() {
        Backoff bottom = new Backoff(second, fiveMinutes, () -> 0.0);
        assertThat(bottom.delay(3, null)).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void neverWaitsLongerThanTheMaximumEvenAfterManyAttempts() {
        Backoff top = new Backoff(second, fiveMinutes, () -> 1.0);
        assertThat(top.delay(12, null)).isEqualTo(fiveMinutes);
        assertThat(top.delay(1000, null)).isEqualTo(fiveMinutes);
    }

    @Test
    void waitsAsLongAsTheSinkAskedWhenThatIsLonger() {
        Backoff top = new Backoff(second, fiveMinutes, () -> 1.0);
        assertThat(top.delay(1, Duration.ofSeconds(30))).isEqualTo(Duration.ofSeconds(30));
        assertThat(top.delay(9, Duration.ofSeconds(30))).isEqualTo(Duration.ofSeconds(256));
    }
}
