package com.vobizrouter.sink.database;

import java.time.OffsetDateTime;

/** A campaign's totals for its {@code campaign_result} row; a total the event does not give is null. */
public record CampaignResultRow(String campaignId, String name, Integer totalCount, Integer sentCount, Integer deliveredCount,
        Integer readCount, Integer failedCount, OffsetDateTime completedAt, String eventId) {
}
