package com.vobizrouter.sink.database;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.vobizrouter.inbox.JsonText;
import com.vobizrouter.inbox.InboxEvent;
import com.vobizrouter.dispatch.MappingException;
import com.vobizrouter.inbox.Text;
import org.apache.camel.Exchange;
import com.vobizrouter.sink.EventJson;

/**
 * Turns an event into the named parameters of the database sink's SQL (bean
 * {@code databaseSinkMapping}; {@link DatabaseSinkWriter} and {@code routes/database-sink.camel.yaml} write them).
 * Each method returns a map that becomes the message body, read by camel-sql as {@code :#name}.
 */
public class DatabaseSinkMapping {

    /** Status ranks: a message never moves to a lower one. A failure is final. */
    static final Map<String, Integer> STATUS_RANK = Map.of("sent", 1, "delivered", 2, "read", 3, "failed", 4);

    /** Parameters of the {@code vobiz_event} row. */
    public Map<String, Object> vobizEvent(Exchange exchange) {
        InboxEvent event = EventJson.view(exchange).event();
        Map<String, Object> row = new HashMap<>();
        row.put("event_id", event.eventId());
        row.put("event_type", event.eventType());
        row.put("event_timestamp", EventJson.timestamp(event.eventTimestamp()));
        row.put("received_at", event.receivedAt().atOffset(ZoneOffset.UTC));
        row.put("channel_id", event.channelId());
        row.put("payload", event.payload());
        row.put("source", event.source());
        row.put("stored_at", OffsetDateTime.now(ZoneOffset.UTC));
        return row;
    }

    /** Parameters of a {@code message_status} upsert for message.sent|delivered|read|failed. */
    public Map<String, Object> messageStatus(Exchange exchange) {
        InboxEvent event = EventJson.view(exchange).event();
        String status = event.eventType().substring(event.eventType().indexOf('.') + 1);
        Integer rank = STATUS_RANK.get(status);
        if (rank == null) {
            throw new MappingException(event.eventType() + " is not a message status event");
        }
        JsonNode root = EventJson.view(exchange).json();
        String messageId = JsonText.at(root, "/data/message_id");
        if (messageId == null) {
            throw new MappingException("data.message_id is missing");
        }
        OffsetDateTime at = EventJson.timestamp(JsonText.at(root, "/data/timestamp"));
        if (at == null) {
            at = EventJson.timestamp(event.eventTimestamp());
        }
        if (at == null) {
            at = event.receivedAt().atOffset(ZoneOffset.UTC);
        }
        Map<String, Object> row = new HashMap<>();
        row.put("message_id", Text.truncate(messageId, 255));
        row.put("recipient", Text.truncate(JsonText.at(root, "/data/to"), 64));
        row.put("channel_id", event.channelId());
        row.put("status", status);
        row.put("status_rank", rank);
        for (String each : STATUS_RANK.keySet()) {
            row.put(each + "_at", each.equals(status) ? at : null);
        }
        row.put("error_code", "failed".equals(status) ? Text.truncate(JsonText.at(root, "/data/error/code"), 64) : null);
        row.put("error_message", "failed".equals(status)
                ? Text.truncate(JsonText.at(root, "/data/error/message"), 1000) : null);
        row.put("event_id", event.eventId());
        return row;
    }

    /** Parameters of a {@code campaign_result} upsert for campaign.completed. */
    public Map<String, Object> campaignResult(Exchange exchange) {
        InboxEvent event = EventJson.view(exchange).event();
        JsonNode root = EventJson.view(exchange).json();
        String campaignId = JsonText.at(root, "/data/campaign_id");
        if (campaignId == null) {
            throw new MappingException("data.campaign_id is missing");
        }
        Map<String, Object> row = new HashMap<>();
        row.put("campaign_id", Text.truncate(campaignId, 255));
        row.put("name", Text.truncate(JsonText.at(root, "/data/name"), 500));
        row.put("total_count", EventJson.integer(root, "/data/total"));
        row.put("sent_count", EventJson.integer(root, "/data/sent"));
        row.put("delivered_count", EventJson.integer(root, "/data/delivered"));
        row.put("read_count", EventJson.integer(root, "/data/read"));
        row.put("failed_count", EventJson.integer(root, "/data/failed"));
        row.put("completed_at", EventJson.timestamp(JsonText.at(root, "/data/completed_at")));
        row.put("event_id", event.eventId());
        return row;
    }
}
