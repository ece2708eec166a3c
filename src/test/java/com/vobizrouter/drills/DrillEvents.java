package com.vobizrouter.drills;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The events a drill sends: all 7 types in turn, unique event ids, and for each the key under
 * which its effect is found at its sink. Outbound messages get their statuses in one cycle
 * (sent, delivered, read, failed share a message id); customers write in a small number of
 * conversations, so a Zendesk ticket gathers several messages; every contact.updated names a
 * contact of its own and every campaign.completed a campaign of its own, so one upsert or one
 * row belongs to exactly one event.
 */
final class DrillEvents {

    static final List<String> TYPES = List.of("message.received", "message.sent", "message.delivered", "message.read",
            "message.failed", "contact.updated", "campaign.completed");

    private final String run;
    private final int conversations;

    /** One event: its id, type, signed-ready body and the key of its sink effect. */
    record DrillEvent(long n, String id, String type, byte[] body, String messageId, String contactId, String campaignId) {

        String conversation() {
            return "vobiz-conversation-" + contactId;
        }
    }

    /** @param conversations how many customers write in (each keeps one Zendesk ticket open) */
    DrillEvents(int conversations) {
        this.run = UUID.randomUUID().toString().substring(0, 8);
        this.conversations = conversations;
    }

    DrillEvent event(long n) {
        String type = TYPES.get((int) (n % TYPES.size()));
        long cycle = n / TYPES.size();
        String id = "evt_drill_" + run + "_" + n;
        String timestamp = Instant.now().toString();
        String messageId = null;
        String contactId = null;
        String campaignId = null;
        String data;
        switch (type) {
            case "message.received" -> {
                messageId = "wamid.drill.in." + run + "." + n;
                contactId = "cnt_drill_" + run + "_" + (cycle % conversations);
                data = "{\"message_id\":\"" + messageId + "\",\"from\":\"+1555" + String.format("%07d", cycle % conversations)
                        + "\",\"contact\":{\"id\":\"" + contactId + "\",\"name\":\"Drill Customer " + (cycle % conversations)
                        + "\",\"phone\":\"+15550000000\"},\"type\":\"text\",\"text\":{\"body\":\"Where is my order? नमस्ते 📦 #"
                        + n + "\"},\"timestamp\":\"" + timestamp + "\",\"context\":null}";
            }
            case "contact.updated" -> {
                contactId = "cnt_drill_sf_" + run + "_" + n;
                data = "{\"contact\":{\"id\":\"" + contactId + "\",\"name\":\"Drill Contact " + n
                        + "\",\"phone\":\"+15550000000\",\"email\":\"drill" + n + "@example.com\"}}";
            }
            case "campaign.completed" -> {
                campaignId = "cmp_drill_" + run + "_" + n;
                data = "{\"campaign_id\":\"" + campaignId + "\",\"name\":\"Drill\",\"total\":100,\"sent\":99,\"delivered\":98,"
                        + "\"read\":50,\"failed\":1,\"completed_at\":\"" + timestamp + "\"}";
            }
            default -> {
                messageId = "wamid.drill.out." + run + "." + cycle;
                String status = type.substring("message.".length());
                data = "{\"message_id\":\"" + messageId + "\",\"to\":\"+15550000000\",\"status\":\"" + status + "\",\"timestamp\":\""
                        + timestamp + "\"" + ("failed".equals(status) ? ",\"error\":{\"code\":131026,\"message\":\"Message undeliverable\"}" : "")
                        + "}";
            }
        }
        String body = "{\"event\":\"" + type + "\",\"event_id\":\"" + id + "\",\"timestamp\":\"" + timestamp
                + "\",\"channel_id\":\"ch_drill\",\"data\":" + data + "}";
        return new DrillEvent(n, id, type, body.getBytes(StandardCharsets.UTF_8), messageId, contactId, campaignId);
    }
}
