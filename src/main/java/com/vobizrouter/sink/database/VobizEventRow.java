package com.vobizrouter.sink.database;

import java.time.OffsetDateTime;

/** A {@code vobiz_event} row: every accepted event once, with its source and its payload as stored. */
public record VobizEventRow(String eventId, String eventType, OffsetDateTime eventTimestamp, OffsetDateTime receivedAt,
        String channelId, String payload, OffsetDateTime storedAt, String source) {
}
