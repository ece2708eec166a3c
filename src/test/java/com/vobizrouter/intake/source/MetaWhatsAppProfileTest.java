package com.vobizrouter.intake.source;

import static com.vobizrouter.intake.source.ProfileTesting.headers;
import static com.vobizrouter.intake.source.ProfileTesting.refused;
import static com.vobizrouter.intake.source.ProfileTesting.sample;
import static com.vobizrouter.intake.source.ProfileTesting.view;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.vobizrouter.testsupport.ProfileEvents;
import com.vobizrouter.intake.WebhookRejection;
import com.vobizrouter.testsupport.Signatures;
import org.junit.jupiter.api.Test;

/**
 * Meta's WhatsApp Cloud API webhooks: X-Hub-Signature-256, the subscription handshake, Meta's
 * documented notification shape (the text message example of the Cloud API's webhook
 * reference), and one event per message and per status with ids that repeat on redelivery,
 * each storing the notification cut down to itself, and no more events than a request may carry.
 */
class MetaWhatsAppProfileTest {

    static final String APP_SECRET = "8d1f5c2a9e3b47d6a0c1e2f3b4a5d6c7";
    static final String VERIFY_TOKEN = "vobiz-router-verify";
    private final MetaWhatsAppProfile profile = new MetaWhatsAppProfile(List.of(APP_SECRET), VERIFY_TOKEN,
            MetaWhatsAppProfile.DEFAULT_MAX_EVENTS);

    // Meta's example of a text message notification, as its webhook reference shows it.
    static final String META_EXAMPLE = """
            {"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"value":{\
            "messaging_product":"whatsapp","metadata":{"display_phone_number":"15550783881","phone_number_id":"106540352242922"},\
            "contacts":[{"profile":{"name":"Sheena Nelson"},"wa_id":"16505551234"}],"messages":[{"from":"16505551234",\
            "id":"wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQUFERjg0NDEzNDdFODU3MUMxMAA=","timestamp":"1749416383","type":"text",\
            "text":{"body":"Does it come in another color?"}}]},"field":"messages"}]}]}""";

    @Test
    void acceptsTheSha256PrefixedHexHmacOfTheRawBodyWithTheAppSecret() {
        byte[] body = META_EXAMPLE.getBytes(StandardCharsets.UTF_8);
        profile.verify(headers("X-Hub-Signature-256", Signatures.meta(APP_SECRET, body)), body);
        profile.verify(headers("x-hub-signature-256", "sha256=" + Signatures.hex(APP_SECRET, body).toUpperCase()), body);
    }

    @Test
    void refusesAMissingSignatureOneWithoutItsPrefixAnotherSecretsAndOtherBytes() {
        byte[] body = META_EXAMPLE.getBytes(StandardCharsets.UTF_8);
        refused(() -> profile.verify(headers(), body), 401, "missing_signature");
        refused(() -> profile.verify(headers("X-Hub-Signature-256", Signatures.hex(APP_SECRET, body)), body), 401, "bad_signature");
        refused(() -> profile.verify(headers("X-Hub-Signature-256", Signatures.meta("another-app", body)), body), 401, "bad_signature");
        refused(() -> profile.verify(headers("X-Hub-Signature-256", Signatures.meta(APP_SECRET, body)), (META_EXAMPLE + " ")
                .getBytes(StandardCharsets.UTF_8)), 401, "bad_signature");
        refused(() -> profile.verify(headers("X-Hub-Signature-256", "sha256="), body), 401, "bad_signature");
    }

    @Test
    void answersTheHandshakeWithTheChallengeOnlyForSubscribeWithTheRightToken() {
        Map<String, String> good = Map.of("hub.mode", "subscribe", "hub.verify_token", VERIFY_TOKEN, "hub.challenge", "1158201444");
        assertThat(profile.handshake(good::get)).isEqualTo("1158201444");

        Map<String, String> wrongToken = Map.of("hub.mode", "subscribe", "hub.verify_token", "guess", "hub.challenge", "1158201444");
        Map<String, String> wrongMode = Map.of("hub.mode", "unsubscribe", "hub.verify_token", VERIFY_TOKEN, "hub.challenge", "1");
        Map<String, String> noChallenge = Map.of("hub.mode", "subscribe", "hub.verify_token", VERIFY_TOKEN);
        Map<String, String> nothing = Map.of();
        for (Map<String, String> refused : List.of(wrongToken, wrongMode, noChallenge, nothing)) {
            assertThat(profile.handshake(refused::get)).as(refused.toString()).isNull();
        }
    }

    @Test
    void readsMetasTextMessageExampleAsOneMessageReceivedWhoseIdIsTheWamid() {
        List<SourceEvent> events = profile.parse(headers(), META_EXAMPLE.getBytes(StandardCharsets.UTF_8));

        assertThat(events).hasSize(1);
        SourceEvent event = events.get(0);
        assertThat(event.id()).isEqualTo("wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQUFERjg0NDEzNDdFODU3MUMxMAA=");
        assertThat(event.type()).isEqualTo("message.inbound");
        assertThat(event.routerType()).isEqualTo("message.received");
        assertThat(event.channelId()).isEqualTo("106540352242922");
        assertThat(payload(event)).as("one message with its one sender: the notification itself").isEqualTo(tree(META_EXAMPLE));
        JsonNode view = view(event);
        assertThat(view.at("/data/text/body").asText()).isEqualTo("Does it come in another color?");
        assertThat(view.at("/data/contact/name").asText()).isEqualTo("Sheena Nelson");
        assertThat(view.at("/data/contact/id").asText()).isEqualTo("wa_16505551234");
        assertThat(view.get("conversation_id").asText()).isEqualTo("wa_106540352242922_16505551234");
    }

    @Test
    void makesOneEventPerStatusWithTheWamidAndStatusAsItsId() {
        List<SourceEvent> events = profile.parse(headers(), sample("meta-whatsapp", "statuses.json"));

        assertThat(events).extracting(SourceEvent::id).containsExactly(
                "wamid.HBgMOTE5ODc2NTQzMjEwFQIAERgSNUI3RTEyQTk4QzNENDZGMDFBAA==:sent",
                "wamid.HBgMOTE5ODc2NTQzMjEwFQIAERgSNUI3RTEyQTk4QzNENDZGMDFBAA==:delivered");
        assertThat(events).extracting(SourceEvent::routerType).containsExactly("message.sent", "message.delivered");
        assertThat(view(events.get(1)).at("/data/to").asText()).isEqualTo("+919876543210");
    }

    @Test
    void makesOneEventPerMessageOfABatchEachWithItsOwnSender() {
        List<SourceEvent> events = profile.parse(headers(), sample("meta-whatsapp", "batch.json"));

        assertThat(events).hasSize(2);
        assertThat(view(events.get(0)).at("/data/contact/name").asText()).isEqualTo("Arjun Mehta");
        assertThat(view(events.get(1)).at("/data/contact/name").asText()).isEqualTo("Sara Khan");
        assertThat(view(events.get(1)).at("/data/location/name").asText()).isEqualTo("Bandra Kurla Complex");
        assertThat(view(events.get(1)).get("conversation_id").asText()).isEqualTo("wa_106540352242922_918800223344");
    }

    @Test
    void makesACallEventAndOneEventForAChangeOfAnotherFieldWithIdsThatRepeat() {
        String body = """
                {"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[\
                {"field":"calls","value":{"messaging_product":"whatsapp","metadata":{"phone_number_id":"106540352242922"},\
                "calls":[{"id":"wacid.ABGGFjFVU2AfAgo6V","from":"16505551234","event":"connect","timestamp":"1749416400"}]}},\
                {"field":"message_template_status_update","value":{"event":"APPROVED","message_template_id":594425479261596,\
                "message_template_name":"order_update"}}]}]}""";

        List<SourceEvent> first = profile.parse(headers(), body.getBytes(StandardCharsets.UTF_8));
        List<SourceEvent> again = profile.parse(headers(), body.getBytes(StandardCharsets.UTF_8));

        assertThat(first).extracting(SourceEvent::type).containsExactly("call.connect", "message_template_status_update");
        assertThat(first.get(0).id()).isEqualTo("wacid.ABGGFjFVU2AfAgo6V:connect");
        assertThat(first.get(1).id()).startsWith("102290129340398:message_template_status_update:");
        assertThat(again).extracting(SourceEvent::id).isEqualTo(first.stream().map(SourceEvent::id).toList());
    }

    @Test
    void refusesABodyThatIsNotAWhatsAppBusinessAccountNotification() {
        refused(() -> profile.parse(headers(), "{\"object\":\"page\",\"entry\":[]}".getBytes(StandardCharsets.UTF_8)), 400,
                "invalid_envelope");
        refused(() -> profile.parse(headers(), "{\"object\":\"whatsapp_business_account\",\"entry\":{}}".getBytes(StandardCharsets.UTF_8)),
                400, "invalid_envelope");
        refused(() -> profile.parse(headers(), ("{\"object\":\"whatsapp_business_account\",\"entry\":[{\"changes\":[{\"field\":"
                + "\"messages\",\"value\":{\"messages\":[{\"type\":\"text\"}]}}]}]}").getBytes(StandardCharsets.UTF_8)), 400,
                "invalid_envelope");
    }

    @Test
    void storesEachStatusOfATwentyStatusNotificationWithItsOwnStatusAlone() {
        byte[] body = ProfileEvents.metaStatuses("twenty", 20);

        List<SourceEvent> events = profile.parse(headers(), body);

        assertThat(events).hasSize(20);
        for (int n = 0; n < 20; n++) {
            JsonNode value = payload(events.get(n)).at("/entry/0/changes/0/value");
            assertThat(value.get("statuses")).hasSize(1);
            assertThat(value.at("/statuses/0/id").asText()).isEqualTo("wamid.twenty-" + n);
            assertThat(value.has("contacts")).isFalse();
            assertThat(value.at("/metadata/phone_number_id").asText()).isEqualTo("106540352242922");
            assertThat(payload(events.get(n)).at("/entry/0/changes/0/field").asText()).isEqualTo("messages");
            assertThat(events.get(n).payload().length()).as("a fraction of the request").isLessThan(body.length / 4);
        }
    }

    @Test
    void storesWithAMessageItsOwnSendersContactAndNotAnotherCustomers() {
        List<SourceEvent> events = profile.parse(headers(), sample("meta-whatsapp", "batch.json"));

        JsonNode first = payload(events.get(0)).at("/entry/0/changes/0/value");
        JsonNode second = payload(events.get(1)).at("/entry/0/changes/0/value");
        assertThat(first.get("contacts")).hasSize(1);
        assertThat(first.at("/contacts/0/wa_id").asText()).isEqualTo("917700112233");
        assertThat(first.get("messages")).hasSize(1);
        assertThat(first.at("/messages/0/text/body").asText()).isEqualTo("Can I change my delivery address?");
        assertThat(events.get(0).payload()).doesNotContain("Sara Khan").doesNotContain("918800223344").doesNotContain("Bandra");
        assertThat(second.get("contacts")).hasSize(1);
        assertThat(second.at("/contacts/0/profile/name").asText()).isEqualTo("Sara Khan");
        assertThat(events.get(1).payload()).doesNotContain("Arjun Mehta").doesNotContain("917700112233");
        assertThat(payload(events.get(1)).get("object").asText()).isEqualTo("whatsapp_business_account");
        assertThat(payload(events.get(1)).at("/entry/0/id").asText()).isEqualTo("102290129340398");
    }

    @Test
    void storesNoContactWithAMessageWhenNoEntryIsItsSenders() {
        String body = META_EXAMPLE.replace("\"wa_id\":\"16505551234\"", "\"wa_id\":\"16505559999\"");

        SourceEvent event = profile.parse(headers(), body.getBytes(StandardCharsets.UTF_8)).get(0);

        assertThat(payload(event).at("/entry/0/changes/0/value").has("contacts")).isFalse();
        assertThat(event.payload()).doesNotContain("Sheena Nelson").doesNotContain("16505559999");
        assertThat(view(event).at("/data/contact/name").isMissingNode()).as("the view is made from the same cut value").isTrue();
    }

    @Test
    void writesTheSameBytesForAnEventWhicheverRequestCarriesIt() {
        List<SourceEvent> batch = profile.parse(headers(), sample("meta-whatsapp", "batch.json"));
        List<SourceEvent> again = profile.parse(headers(), sample("meta-whatsapp", "batch.json"));
        String alone = ("{\"object\": \"whatsapp_business_account\", \"entry\": [{\"id\": \"102290129340398\", \"changes\": [{"
                + "\"value\": {\"messaging_product\": \"whatsapp\", \"metadata\": {\"display_phone_number\": \"15550783881\","
                + " \"phone_number_id\": \"106540352242922\"}, \"contacts\": [{\"profile\": {\"name\": \"Sara Khan\"}, \"wa_id\":"
                + " \"918800223344\"}], \"messages\": [" + payload(batch.get(1)).at("/entry/0/changes/0/value/messages/0")
                + "]}, \"field\": \"messages\"}]}]}");

        assertThat(again).extracting(SourceEvent::payload).isEqualTo(batch.stream().map(SourceEvent::payload).toList());
        assertThat(profile.parse(headers(), alone.getBytes(StandardCharsets.UTF_8)).get(0).payload())
                .as("sent alone, with other spacing").isEqualTo(batch.get(1).payload());
    }

    @Test
    void storesWithACallItsCallersContactAndKeepsAChangeOfAnotherFieldWhole() {
        String body = """
                {"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[\
                {"field":"calls","value":{"messaging_product":"whatsapp","metadata":{"phone_number_id":"106540352242922"},\
                "contacts":[{"profile":{"name":"Other"},"wa_id":"15550000000"},{"profile":{"name":"Caller"},"wa_id":"16505551234"}],\
                "calls":[{"id":"wacid.ABGGFjFVU2AfAgo6V","from":"16505551234","event":"connect","timestamp":"1749416400"}]}},\
                {"field":"message_template_status_update","value":{"event":"APPROVED","message_template_id":594425479261596,\
                "message_template_name":"order_update"}}]}]}""";

        List<SourceEvent> events = profile.parse(headers(), body.getBytes(StandardCharsets.UTF_8));

        JsonNode call = payload(events.get(0)).at("/entry/0/changes/0/value");
        assertThat(call.get("contacts")).hasSize(1);
        assertThat(call.at("/contacts/0/profile/name").asText()).isEqualTo("Caller");
        assertThat(call.at("/calls/0/id").asText()).isEqualTo("wacid.ABGGFjFVU2AfAgo6V");
        assertThat(events.get(0).payload()).doesNotContain("order_update");
        assertThat(payload(events.get(1)).at("/entry/0/changes")).isEqualTo(tree("[{\"field\":\"message_template_status_update\","
                + "\"value\":{\"event\":\"APPROVED\",\"message_template_id\":594425479261596,\"message_template_name\":\"order_update\"}}]"));
        assertThat(events.get(1).payload()).doesNotContain("wacid");
    }

    @Test
    void refusesARequestOfMoreEventsThanASourceTakes413() {
        profile.parse(headers(), ProfileEvents.metaStatuses("limit", MetaWhatsAppProfile.DEFAULT_MAX_EVENTS));
        refused(() -> profile.parse(headers(), ProfileEvents.metaStatuses("over", MetaWhatsAppProfile.DEFAULT_MAX_EVENTS + 1)), 413,
                "too_many_events");

        MetaWhatsAppProfile three = new MetaWhatsAppProfile(List.of(APP_SECRET), VERIFY_TOKEN, 3);
        assertThat(three.parse(headers(), ProfileEvents.metaStatuses("three", 3))).hasSize(3);
        refused(() -> three.parse(headers(), ProfileEvents.metaStatuses("four", 4)), 413, "too_many_events");
        String otherFields = "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"1\",\"changes\":["
                + "{\"field\":\"a\",\"value\":{}},{\"field\":\"b\",\"value\":{}},{\"field\":\"c\",\"value\":{}},"
                + "{\"field\":\"d\",\"value\":{}}]}]}";
        refused(() -> three.parse(headers(), otherFields.getBytes(StandardCharsets.UTF_8)), 413, "too_many_events");
    }

    @Test
    void refusesANotificationWhoseSharedPartWouldBeRepeatedInEveryEvent() {
        String padding = "x".repeat(MetaWhatsAppProfile.MAX_SHARED_CHARACTERS);
        String statuses = new String(ProfileEvents.metaStatuses("padded", 2), StandardCharsets.UTF_8);
        String paddedMetadata = statuses.replace("\"messaging_product\":\"whatsapp\"", "\"messaging_product\":\"" + padding + "\"");
        String paddedAccount = statuses.replace("\"id\":\"102290129340398\"", "\"id\":\"" + padding + "\"");
        String paddedContact = META_EXAMPLE.replace("Sheena Nelson", padding);

        for (String body : List.of(paddedMetadata, paddedAccount, paddedContact)) {
            refused(() -> profile.parse(headers(), body.getBytes(StandardCharsets.UTF_8)), 400, "invalid_envelope");
        }
        String longText = META_EXAMPLE.replace("Does it come in another color?", padding + padding);
        assertThat(profile.parse(headers(), longText.getBytes(StandardCharsets.UTF_8))).as("an event's own item may be long").hasSize(1);
    }

    private static JsonNode payload(SourceEvent event) {
        return tree(event.payload());
    }

    private static JsonNode tree(String json) {
        try {
            return new ObjectMapper().readTree(json);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void refusesACallEventOrAChangeFieldThatIsNotATypeNamingTheField() {
        String call = "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"1\",\"changes\":[{\"field\":\"calls\","
                + "\"value\":{\"calls\":[{\"id\":\"wacid.1\",\"event\":\"%s\",\"timestamp\":\"1749416400\"}]}}]}]}";
        String change = "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"1\",\"changes\":[{\"field\":\"%s\","
                + "\"value\":{}}]}]}";
        for (String type : List.of("x{{router.admin.token}}", "connect?bogus=1", "a b", "x".repeat(96))) {
            assertThatThrownBy(() -> profile.parse(headers(), call.formatted(type).getBytes(StandardCharsets.UTF_8)))
                    .isInstanceOfSatisfying(WebhookRejection.class, rejection -> {
                        assertThat(rejection.getReason()).isEqualTo("invalid_event_type");
                        assertThat(rejection.getMessage()).startsWith("calls[].event must be");
                    });
            assertThatThrownBy(() -> profile.parse(headers(), change.formatted(type + "x".repeat(type.length() > 90 ? 5 : 0))
                    .getBytes(StandardCharsets.UTF_8))).isInstanceOfSatisfying(WebhookRejection.class, rejection -> {
                        assertThat(rejection.getReason()).isEqualTo("invalid_event_type");
                        assertThat(rejection.getMessage()).startsWith("changes[].field must be");
                    });
        }
        assertThat(profile.parse(headers(), call.formatted("x".repeat(95)).getBytes(StandardCharsets.UTF_8)))
                .extracting(SourceEvent::type).containsExactly("call." + "x".repeat(95));
    }
}
