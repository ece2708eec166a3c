package com.vobizrouter.sink.database;

import java.time.OffsetDateTime;

/**
 * One status of a message, as applied to its {@code message_status} row: only the time of this
 * status is set, and the error only for {@code failed}.
 *
 * @param statusRank the status' place in sent &lt; delivered &lt; read &lt; failed ({@link DatabaseSinkMapping#STATUS_RANK})
 * @param eventId    the event that reported it
 */
public record MessageStatusRow(String messageId, String recipient, String channelId, String status, int statusRank,
        OffsetDateTime sentAt, OffsetDateTime deliveredAt, OffsetDateTime readAt, OffsetDateTime failedAt, String errorCode,
        String errorMessage, String eventId) {
}
