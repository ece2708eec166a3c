package com.vobizrouter.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The {@code last_error} of an event that waits names the sink it stopped at first, so its backlog
 * can be counted; the events that waited for a pause come back spread over as long as it still
 * lasted (a second to half a minute), not all at its end.
 */
class DispatchFailureHandlerTest {

    @Test
    void eventsThatWaitedForAPauseComeBackSpreadOverItsRemainingLengthBetweenASecondAndHalfAMinute() {
        java.time.Instant now = java.time.Instant.parse("2026-03-19T10:00:00Z");
        DispatchFailureHandler handler = new DispatchFailureHandler(null, null, null, null, null, 12, java.time.Duration.ofSeconds(30),
                java.time.Clock.fixed(now, java.time.ZoneOffset.UTC), null);
        java.time.Instant twoSeconds = now.plusSeconds(2);
        java.time.Instant anHour = now.plusSeconds(3600);
        java.util.List<Long> shortPause = new java.util.ArrayList<>();
        java.util.List<Long> longPause = new java.util.ArrayList<>();
        java.util.List<Long> nearlyOver = new java.util.ArrayList<>();
        for (int i = 0; i < 200; i++) {
            shortPause.add(java.time.Duration.between(twoSeconds, handler.afterPause(twoSeconds)).toMillis());
            longPause.add(java.time.Duration.between(anHour, handler.afterPause(anHour)).toMillis());
            nearlyOver.add(java.time.Duration.between(now.plusMillis(100), handler.afterPause(now.plusMillis(100))).toMillis());
        }
        assertThat(shortPause).allMatch(ms -> ms >= 0 && ms < 2000).anyMatch(ms -> ms >= 1000);
        assertThat(longPause).allMatch(ms -> ms >= 0 && ms < 30_000).anyMatch(ms -> ms >= 2000);
        assertThat(nearlyOver).allMatch(ms -> ms >= 0 && ms < 1000);
    }

    @Test
    void keepsAReasonThatAlreadyStartsWithTheSinksNameAndPutsTheNameBeforeAnyOther() {
        assertThat(DispatchFailureHandler.lastError("zendesk", "Zendesk answered 503 Service Unavailable"))
                .isEqualTo("Zendesk answered 503 Service Unavailable");
        assertThat(DispatchFailureHandler.lastError("zendesk", "zendesk is paused until 2026-03-19T10:31:00Z: Zendesk rate limit (429)"))
                .startsWith("zendesk is paused");
        assertThat(DispatchFailureHandler.lastError("zendesk", "zendesk:conversation-1 is being delivered by another event"))
                .startsWith("zendesk:conversation-1");
        assertThat(DispatchFailureHandler.lastError("salesforce", "SocketTimeoutException: Read timed out"))
                .isEqualTo("salesforce: SocketTimeoutException: Read timed out");
        assertThat(DispatchFailureHandler.lastError("zendesk", "zendesks answered")).as("another name that starts the same")
                .isEqualTo("zendesk: zendesks answered");
        assertThat(DispatchFailureHandler.lastError("database", null)).isEqualTo("database: ");
    }
}
