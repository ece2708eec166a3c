package com.vobizrouter.inbox;

import java.time.Instant;

/**
 * One inbox row claimed for dispatch, with the claim token that proves the lease is still ours
 * when the outcome is written back.
 */
public record InboxEvent(long id, String eventId, String eventType, String channelId, String eventTimestamp,
        Instant receivedAt, int attempts, String payload, String claimToken) {
}
