package com.vobizrouter.sink.database;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.vobizrouter.inbox.JsonText;
import com.vobizrouter.inbox.InboxEvent;
import com.vobizrouter.dispatch.MappingException;
import com.vobizrouter.inbox.Text;
import org.apache.camel.Exchange;
import com.vobizrouter.sink.EventJson;

/**
 * Turns an event into the row the database sink writes (bean {@code databaseSinkMapping}): each
 * method returns the record that becomes the message body, which {@link DatabaseSinkWriter}
 * writes ({@code routes/database-sink.camel.yaml}).
 */
public class DatabaseSinkMapping {

    /** Status ranks: a message never moves to a lower one. A failure is final. */
    static final Map<String, Integer> STATUS_RANK = Map.of("sent", 1, "delivered", 2, "read", 3, "failed", 4);

    /** The {@code vobiz_event} row. */
    public VobizEventRow vobizEvent(Exchange exchange) {
        InboxEvent event = EventJson.view(exchange).event();
        return new VobizEventRow(event.eventId(), event.eventType(), EventJson.timestamp(event.eventTimestamp()),
                event.receivedAt().atOffset(ZoneOffset.UTC), event.channelId(), event.payload(), OffsetDateTime.now(ZoneOffset.UTC),
                event.source());
    }

    /** The {@code message_status} upsert of message.sent|delivered|read|failed. */
    public MessageStatusRow messageStatus(Exchange exchange) {
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
        boolean failed = "failed".equals(status);
        return new MessageStatusRow(Text.truncate(messageId, 255), Text.truncate(JsonText.at(root, "/data/to"), 64),
                event.channelId(), status, rank, "sent".equals(status) ? at : null, "delivered".equals(status) ? at : null,
                "read".equals(status) ? at : null, failed ? at : null,
                failed ? Text.truncate(JsonText.at(root, "/data/error/code"), 64) : null,
                failed ? Text.truncate(JsonText.at(root, "/data/error/message"), 1000) : null, event.eventId());
    }

    /** The {@code campaign_result} upsert of campaign.completed. */
    public CampaignResultRow campaignResult(Exchange exchange) {
        InboxEvent event = EventJson.view(exchange).event();
        JsonNode root = EventJson.view(exchange).json();
        String campaignId = JsonText.at(root, "/data/campaign_id");
        if (campaignId == null) {
            throw new MappingException("data.campaign_id is missing");
        }
        return new CampaignResultRow(Text.truncate(campaignId, 255), Text.truncate(JsonText.at(root, "/data/name"), 500),
                EventJson.integer(root, "/data/total"), EventJson.integer(root, "/data/sent"),
                EventJson.integer(root, "/data/delivered"), EventJson.integer(root, "/data/read"),
                EventJson.integer(root, "/data/failed"), EventJson.timestamp(JsonText.at(root, "/data/completed_at")),
                event.eventId());
    }
}
