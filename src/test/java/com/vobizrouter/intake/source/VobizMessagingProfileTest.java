package com.vobizrouter.intake.source;

import static com.vobizrouter.intake.source.ProfileTesting.headers;
import static com.vobizrouter.intake.source.ProfileTesting.refused;
import static com.vobizrouter.intake.source.ProfileTesting.sample;
import static com.vobizrouter.intake.source.ProfileTesting.view;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.vobizrouter.inbox.EventView;
import com.vobizrouter.inbox.InboxEvent;
import com.vobizrouter.testsupport.Signatures;
import org.junit.jupiter.api.Test;

/**
 * Vobiz's current WhatsApp webhooks (docs.vobiz.ai, "WhatsApp Webhooks" and "Webhook events"):
 * the signature over the exact bytes, and how each documented type reads, on the samples in
 * {@code samples/vobiz-messaging}.
 */
class VobizMessagingProfileTest {

    static final String SECRET = "whsub_3b9f2e7c41d8";
    private final VobizMessagingProfile profile = new VobizMessagingProfile(List.of(SECRET));

    @Test
    void acceptsTheHexHmacOfTheExactBodyWithoutAPrefixInEitherCase() {
        byte[] body = sample("vobiz-messaging", "message.inbound.json");
        String hex = Signatures.hex(SECRET, body);

        profile.verify(headers("X-Webhook-Signature", hex, "X-Webhook-Event", "message.inbound"), body);
        profile.verify(headers("x-webhook-signature", hex.toUpperCase(Locale.ROOT)), body);
    }

    @Test
    void refusesAMissingSignatureAnotherSecretsOtherBytesAndTheSha256PrefixItDoesNotSend() {
        byte[] body = sample("vobiz-messaging", "message.inbound.json");
        byte[] other = new String(body, StandardCharsets.UTF_8).replace("#8812", "#8813").getBytes(StandardCharsets.UTF_8);

        refused(() -> profile.verify(headers(), body), 401, "missing_signature");
        refused(() -> profile.verify(headers("X-Webhook-Signature", Signatures.hex("another", body)), body), 401, "bad_signature");
        refused(() -> profile.verify(headers("X-Webhook-Signature", Signatures.hex(SECRET, body)), other), 401, "bad_signature");
        refused(() -> profile.verify(headers("X-Webhook-Signature", "sha256=" + Signatures.hex(SECRET, body)), body), 401,
                "bad_signature");
        refused(() -> profile.verify(headers("X-Webhook-Signature", Signatures.base64(SECRET, body)), body), 401, "bad_signature");
    }

    @Test
    void acceptsEitherSecretDuringARotation() {
        VobizMessagingProfile rotating = new VobizMessagingProfile(List.of("whsub_new", SECRET));
        byte[] body = sample("vobiz-messaging", "message.inbound.json");

        rotating.verify(headers("X-Webhook-Signature", Signatures.hex(SECRET, body)), body);
        rotating.verify(headers("X-Webhook-Signature", Signatures.hex("whsub_new", body)), body);
    }

    @Test
    void readsAnInboundTextAsAMessageReceivedFromTheSenderOnThatBusinessNumber() {
        byte[] body = sample("vobiz-messaging", "message.inbound.json");

        List<SourceEvent> events = profile.parse(headers(), body);

        assertThat(events).hasSize(1);
        SourceEvent event = events.get(0);
        assertThat(event.id()).isEqualTo("f4c1a0d2-3b6e-4a9c-8e2f-0a1b2c3d4e5f");
        assertThat(event.type()).isEqualTo("message.inbound");
        assertThat(event.routerType()).isEqualTo("message.received");
        assertThat(event.channelId()).isEqualTo("106540352242922");
        assertThat(event.timestamp()).isEqualTo("2026-03-25T10:00:00Z");
        assertThat(event.payload()).isEqualTo(new String(body, StandardCharsets.UTF_8));
        JsonNode view = view(event);
        assertThat(view.get("event").asText()).isEqualTo("message.received");
        assertThat(view.get("source_event").asText()).isEqualTo("message.inbound");
        assertThat(view.get("conversation_id").asText()).isEqualTo("wa_106540352242922_919876543210");
        assertThat(view.at("/data/message_id").asText())
                .isEqualTo("wamid.HBgMOTE5ODc2NTQzMjEwFQIAEhggNUU4QTcyRjBBQjg2QjY5QkI1MjI2QzY0NzQ3RjBBQzMA");
        assertThat(view.at("/data/from").asText()).isEqualTo("+919876543210");
        assertThat(view.at("/data/contact/id").asText()).isEqualTo("wa_919876543210");
        assertThat(view.at("/data/contact/name").asText()).isEqualTo("Priya Sharma");
        assertThat(view.at("/data/contact/phone").asText()).isEqualTo("+919876543210");
        assertThat(view.at("/data/type").asText()).isEqualTo("text");
        assertThat(view.at("/data/text/body").asText()).isEqualTo("Hi, my order #8812 has not arrived yet. Can you check?");
        assertThat(view.at("/data/timestamp").asText()).isEqualTo("2026-03-25T09:59:59Z");
    }

    @Test
    void keepsAMediaMessagesTypeObjectWithItsCaption() {
        JsonNode view = view(profile.parse(headers(), sample("vobiz-messaging", "message.inbound.image.json")).get(0));

        assertThat(view.at("/data/type").asText()).isEqualTo("image");
        assertThat(view.at("/data/image/caption").asText()).isEqualTo("The box arrived crushed");
    }

    @Test
    void readsEachStatusAsTheRoutersStatusTypeAndAFailureWithItsError() {
        for (String status : List.of("sent", "delivered", "read")) {
            SourceEvent event = profile.parse(headers(), sample("vobiz-messaging", "message.status." + status + ".json")).get(0);
            assertThat(event.type()).isEqualTo("message.status");
            assertThat(event.routerType()).isEqualTo("message." + status);
            JsonNode view = view(event);
            assertThat(view.at("/data/message_id").asText()).isEqualTo("wamid.HBgMOTE5ODc2NTQzMjEwFQIAERgSM0E3RjQyQzkxMDVCNkQ4RTIxAA==");
            assertThat(view.at("/data/to").asText()).isEqualTo("+919876543210");
            assertThat(view.at("/data/status").asText()).isEqualTo(status);
        }
        SourceEvent failed = profile.parse(headers(), sample("vobiz-messaging", "message.status.failed.json")).get(0);
        assertThat(failed.routerType()).isEqualTo("message.failed");
        assertThat(view(failed).at("/data/error/code").asText()).isEqualTo("131026");
        assertThat(view(failed).at("/data/error/message").asText()).isEqualTo("Message Undeliverable.");
        assertThat(view(failed).at("/data/timestamp").asText()).isEqualTo("2026-03-25T10:10:00Z");
    }

    @Test
    void keepsACallEventsTypeWithItsPayloadAsData() {
        SourceEvent event = profile.parse(headers(), sample("vobiz-messaging", "call.connect.json")).get(0);

        assertThat(event.type()).isEqualTo("call.connect");
        assertThat(event.routerType()).isEqualTo("call.connect");
        assertThat(view(event).at("/data/calls/0/event").asText()).isEqualTo("connect");
    }

    @Test
    void keepsAStatusItCannotReadAndAnUnknownTypeAsTheyWereSent() {
        String status = "{\"event_id\":\"e1\",\"event_type\":\"message.status\",\"payload\":{\"statuses\":[]}}";
        String unknown = "{\"event_id\":\"e2\",\"event_type\":\"template.status_update\",\"payload\":{\"name\":\"order_update\"}}";

        assertThat(profile.parse(headers(), status.getBytes(StandardCharsets.UTF_8)).get(0).routerType()).isEqualTo("message.status");
        SourceEvent event = profile.parse(headers(), unknown.getBytes(StandardCharsets.UTF_8)).get(0);
        assertThat(event.routerType()).isEqualTo("template.status_update");
        assertThat(view(event).at("/data/name").asText()).isEqualTo("order_update");
    }

    @Test
    void leavesOutABusinessNumberIdTooLongOrUncleanToBeAChannel() {
        for (String id : List.of("1".repeat(1_200), "1065\\n40", "\\ud800")) {
            String body = "{\"event_id\":\"e3\",\"event_type\":\"message.status\",\"account_id\":\"MA_1\","
                    + "\"payload\":{\"metadata\":{\"phone_number_id\":\"" + id + "\"},"
                    + "\"statuses\":[{\"id\":\"wamid.X\",\"status\":\"read\",\"timestamp\":\"1750000000\"}]}}";
            SourceEvent event = profile.parse(headers(), body.getBytes(StandardCharsets.UTF_8)).get(0);
            assertThat(event.channelId()).as(id.substring(0, Math.min(10, id.length()))).isEqualTo("MA_1");
        }
    }

    @Test
    void writesAndReadsBackTheViewOfAPayloadNestedAsDeepAsTheParserAllows() {
        int depth = 997;
        String body = "{\"event_id\":\"e3\",\"event_type\":\"call.connect\",\"payload\":" + "{\"a\":".repeat(depth) + "1"
                + "}".repeat(depth) + "}";

        SourceEvent event = profile.parse(headers(), body.getBytes(StandardCharsets.UTF_8)).get(0);

        EventView view = EventView.of(new InboxEvent(1, "messaging:e3", event.routerType(), null, null, Instant.now(), 0,
                event.payload(), "token", "messaging", event.view()), com.vobizrouter.testsupport.ApplicationJson.MAPPER);
        assertThat(view.sourceEventType()).isEqualTo("call.connect");
        String deeper = body.replace("\"payload\":", "\"payload\":{\"b\":" + "[".repeat(9)).replace("1}", "1" + "]".repeat(9) + "}}");
        refused(() -> profile.parse(headers(), deeper.getBytes(StandardCharsets.UTF_8)), 400, "invalid_json");
    }

    @Test
    void refusesABodyThatIsNotItsEnvelope() {
        refused(() -> profile.parse(headers(), "{\"event_type\":\"message.inbound\"}".getBytes(StandardCharsets.UTF_8)), 400,
                "invalid_envelope");
        refused(() -> profile.parse(headers(), "{\"event_id\":\"e1\",\"event\":\"message.inbound\"}".getBytes(StandardCharsets.UTF_8)),
                400, "invalid_envelope");
        refused(() -> profile.parse(headers(), "{\"event_id\":7,\"event_type\":\"x\"}".getBytes(StandardCharsets.UTF_8)), 400,
                "invalid_envelope");
        refused(() -> profile.parse(headers(), "[]".getBytes(StandardCharsets.UTF_8)), 400, "invalid_json");
        refused(() -> profile.parse(headers(), new byte[] {'{', (byte) 0xC3, '}'}), 400, "invalid_json");
    }
}
