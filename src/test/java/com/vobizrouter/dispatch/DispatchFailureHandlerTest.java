package com.vobizrouter.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The {@code last_error} of an event that waits names the sink it stopped at first, so its backlog can be counted. */
class DispatchFailureHandlerTest {

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
