package com.vobizrouter.sources;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.vobizrouter.testsupport.FreshTimes;
import com.vobizrouter.testsupport.FakeBusinessSystems;
import com.vobizrouter.testsupport.ProfileEvents;
import com.vobizrouter.testsupport.WebhookClient;
import com.vobizrouter.testsupport.WebhookClient.Scheme;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Four sources side by side in one router, each with its own secret: the SPEC's format on
 * router.webhook, Vobiz's current format, Meta's Cloud API webhooks and a Standard Webhooks
 * sender. Signed requests in over HTTP, then deduplication, the inbox and the business systems
 * (WireMock fakes of Salesforce and Zendesk, the real database): each profile end to end, the
 * intake contract on every source in the same order, and the sources kept apart. Subclasses
 * choose the database.
 */
@CamelSpringBootTest
@AutoConfigureObservability
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "router.webhook.secrets=" + SourcesEndToEndTest.LEGACY_SECRET,
    "router.webhook.trusted-proxies=127.0.0.1/32,::1/128",
    "router.webhook.max-body-bytes=" + SourcesEndToEndTest.MAX_BODY,
    "router.sources.messaging.path=/webhooks/vobiz-messaging",
    "router.sources.messaging.profile=vobiz-messaging",
    "router.sources.messaging.secrets=whsub_rotated_out," + SourcesEndToEndTest.MESSAGING_SECRET,
    "router.sources.meta.path=/webhooks/meta",
    "router.sources.meta.profile=meta-whatsapp",
    "router.sources.meta.secrets=" + SourcesEndToEndTest.META_SECRET,
    "router.sources.meta.verify-token=" + SourcesEndToEndTest.VERIFY_TOKEN,
    "router.sources.partner.path=/webhooks/partner",
    "router.sources.partner.profile=standard-webhooks",
    "router.sources.partner.secrets=" + SourcesEndToEndTest.PARTNER_SECRET,
    "router.sources.partner.allowed-cidrs=203.0.113.0/24",
    "router.admin.token=" + SourcesEndToEndTest.ADMIN_TOKEN,
    "router.dispatch.initial-backoff=200ms",
    "router.dispatch.max-backoff=1s",
    "router.dispatch.poll-interval=50",
    "management.server.port=0",
    "logging.level.com.vobizrouter=ERROR"
})
abstract class SourcesEndToEndTest {

    static final String LEGACY_SECRET = "whsec_spec_legacy";
    static final String MESSAGING_SECRET = "whsub_3b9f2e7c41d8";
    static final String META_SECRET = "8d1f5c2a9e3b47d6a0c1e2f3b4a5d6c7";
    static final String VERIFY_TOKEN = "vobiz-router-verify";
    static final String PARTNER_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    static final String PARTNER_CLIENT = "203.0.113.20";
    static final String ADMIN_TOKEN = "sources-admin-token";
    // Room for a Meta request of more events than a source takes (1,001 statuses, about 100 KB).
    static final int MAX_BODY = 131072;
    static final FakeBusinessSystems FAKES = new FakeBusinessSystems();
    private static final ObjectMapper JSON = new ObjectMapper();

    @DynamicPropertySource
    static void fakes(DynamicPropertyRegistry registry) {
        FAKES.routerProperties().forEach((key, value) -> registry.add(key, () -> value));
    }

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(FAKES::close));
    }

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @Autowired
    JdbcTemplate jdbc;

    WebhookClient messaging;
    WebhookClient meta;
    WebhookClient partner;
    WebhookClient legacy;

    @BeforeEach
    void setUp() {
        FAKES.standardAnswers();
        messaging = new WebhookClient(port, "/webhooks/vobiz-messaging", Scheme.VOBIZ_MESSAGING, MESSAGING_SECRET);
        meta = new WebhookClient(port, "/webhooks/meta", Scheme.META_WHATSAPP, META_SECRET);
        partner = new WebhookClient(port, "/webhooks/partner", Scheme.STANDARD_WEBHOOKS, PARTNER_SECRET)
                .withDefaultHeader("X-Forwarded-For", PARTNER_CLIENT);
        legacy = new WebhookClient(port, "/webhooks/vobiz", LEGACY_SECRET);
    }

    // --- vobiz-messaging ---------------------------------------------------------------------------

    @Test
    void deliversAVobizInboundMessageToAZendeskConversationAndItsSenderToSalesforceAndAResendChangesNothing() throws Exception {
        byte[] body = sample("vobiz-messaging", "message.inbound.json");

        HttpResponse<String> answer = messaging.post(body);

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("{\"status\":\"accepted\",\"event_id\":\"f4c1a0d2-3b6e-4a9c-8e2f-0a1b2c3d4e5f\"}");
        awaitInbox("messaging:f4c1a0d2-3b6e-4a9c-8e2f-0a1b2c3d4e5f", "DONE");

        JsonNode user = JSON.readTree(only(postRequestedFor(urlPathEqualTo("/api/v2/users/create_or_update.json")))).get("user");
        assertThat(user.get("external_id").asText()).isEqualTo("vobiz-contact-wa_919876543210");
        assertThat(user.get("name").asText()).isEqualTo("Priya Sharma");
        assertThat(user.get("phone").asText()).isEqualTo("+919876543210");
        JsonNode ticket = JSON.readTree(only(postRequestedFor(urlPathEqualTo("/api/v2/tickets.json")))).get("ticket");
        assertThat(ticket.get("external_id").asText()).isEqualTo("vobiz-conversation-wa_106540352242922_919876543210");
        assertThat(ticket.get("subject").asText()).isEqualTo("WhatsApp conversation with Priya Sharma");
        assertThat(ticket.at("/comment/body").asText()).startsWith("Hi, my order #8812 has not arrived yet. Can you check?")
                .endsWith("[WhatsApp message wamid.HBgMOTE5ODc2NTQzMjEwFQIAEhggNUU4QTcyRjBBQjg2QjY5QkI1MjI2QzY0NzQ3RjBBQzMA]");
        assertThat(FAKES.contactRecords()).hasSize(1);
        assertThat(FAKES.contactRecords().get(0)).isEqualTo(JSON.readTree("{\"attributes\":{\"type\":\"Contact\"},"
                + "\"Vobiz_Contact_Id__c\":\"wa_919876543210\",\"FirstName\":\"Priya\",\"LastName\":\"Sharma\",\"Phone\":\"+919876543210\"}"));
        Map<String, Object> analytics = jdbc.queryForMap("SELECT * FROM vobiz_event WHERE event_id = ?",
                "messaging:f4c1a0d2-3b6e-4a9c-8e2f-0a1b2c3d4e5f");
        assertThat(analytics).containsEntry("EVENT_TYPE", "message.received").containsEntry("SOURCE", "messaging")
                .containsEntry("CHANNEL_ID", "106540352242922").containsEntry("PAYLOAD", new String(body, StandardCharsets.UTF_8));

        int requestsBefore = FAKES.server().getAllServeEvents().size();
        assertThat(messaging.post(body).body())
                .isEqualTo("{\"status\":\"duplicate\",\"event_id\":\"f4c1a0d2-3b6e-4a9c-8e2f-0a1b2c3d4e5f\"}");
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                .until(() -> FAKES.server().getAllServeEvents().size() == requestsBefore);
    }

    @Test
    void movesAMessagesStatusOnlyForwardWhateverOrderVobizSendsItsStatusesIn() {
        for (String status : List.of("read", "sent", "delivered")) {
            byte[] body = sample("vobiz-messaging", "message.status." + status + ".json");
            assertThat(messaging.post(body).body()).contains("\"accepted\"");
            awaitInbox("messaging:" + eventId(body), "DONE");
        }
        Map<String, Object> row = jdbc.queryForMap("SELECT * FROM message_status WHERE message_id = ?",
                "wamid.HBgMOTE5ODc2NTQzMjEwFQIAERgSM0E3RjQyQzkxMDVCNkQ4RTIxAA==");
        assertThat(row).containsEntry("STATUS", "read").containsEntry("RECIPIENT", "+919876543210")
                .containsEntry("CHANNEL_ID", "106540352242922")
                .containsEntry("LAST_EVENT_ID", "messaging:3e5f7a9b-1c2d-4e6f-8a0b-2c4d6e8f0a83");
        assertThat(row.get("SENT_AT")).isNotNull();
        assertThat(row.get("DELIVERED_AT")).isNotNull();
        assertThat(row.get("READ_AT")).isNotNull();

        byte[] failed = sample("vobiz-messaging", "message.status.failed.json");
        assertThat(messaging.post(failed).body()).contains("\"accepted\"");
        awaitInbox("messaging:" + eventId(failed), "DONE");
        assertThat(jdbc.queryForMap("SELECT * FROM message_status WHERE message_id = ?",
                "wamid.HBgMOTE5ODc2NTQzMjEwFQIAERgSQjk2MEUxRDRBNzIzQzU4RjBBAA==")).containsEntry("STATUS", "failed")
                .containsEntry("ERROR_CODE", "131026").containsEntry("ERROR_MESSAGE", "Message Undeliverable.");
    }

    @Test
    void storesCallEventsForAnalyticsAndAnswersATypeItDoesNotDispatchIgnored() {
        byte[] call = sample("vobiz-messaging", "call.connect.json");
        assertThat(messaging.post(call).body()).contains("\"accepted\"");
        awaitInbox("messaging:" + eventId(call), "DONE");
        assertThat(jdbc.queryForMap("SELECT event_type, source FROM vobiz_event WHERE event_id = ?", "messaging:" + eventId(call)))
                .containsEntry("EVENT_TYPE", "call.connect").containsEntry("SOURCE", "messaging");

        String id = UUID.randomUUID().toString();
        HttpResponse<String> unknown = messaging.post("{\"event_id\":\"" + id + "\",\"event_type\":\"template.status_update\","
                + "\"account_id\":\"MA_7Q2K9D1X\",\"occurred_at\":\"" + Instant.now() + "\",\"payload\":{\"name\":\"order_update\"}}");

        assertThat(unknown.statusCode()).isEqualTo(200);
        assertThat(unknown.body()).isEqualTo("{\"status\":\"ignored\",\"event_id\":\"" + id + "\",\"event\":\"template.status_update\"}");
        assertThat(inboxStatus("messaging:" + id)).isEqualTo("IGNORED");
    }

    // --- meta-whatsapp -----------------------------------------------------------------------------

    @Test
    void answersMetasSubscriptionHandshakeWithTheChallengeOnlyForTheVerifyToken() {
        HttpResponse<String> verified = meta.send(meta.method("GET",
                "hub.mode=subscribe&hub.verify_token=" + VERIFY_TOKEN + "&hub.challenge=1158201444"));
        assertThat(verified.statusCode()).isEqualTo(200);
        assertThat(verified.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
        assertThat(verified.body()).isEqualTo("1158201444");

        HttpResponse<String> refused = meta.send(meta.method("GET", "hub.mode=subscribe&hub.verify_token=guess&hub.challenge=1"));
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).isEqualTo("{\"error\":\"subscription not verified\"}");
        assertThat(meta.send(meta.method("GET", null)).statusCode()).isEqualTo(403);
        assertThat(meta.send(meta.method("PUT", null)).statusCode()).isEqualTo(405);
        assertThat(messaging.send(messaging.method("GET", "hub.mode=subscribe&hub.verify_token=" + VERIFY_TOKEN + "&hub.challenge=1"))
                .statusCode()).as("only the Meta source answers handshakes").isEqualTo(405);
    }

    @Test
    void storesEachMessageOfAMetaBatchAsItsOwnEventAndAnswersOnceAllAreStoredAndARedeliveryIsADuplicate() throws Exception {
        byte[] batch = sample("meta-whatsapp", "batch.json");
        String first = "wamid.HBgMOTE3NzAwMTEyMjMzFQIAEhggMkQ5RjBBMUI3QzRFNkQ4RjNBMjE=";
        String second = "wamid.HBgMOTE4ODAwMjIzMzQ0FQIAEhggN0UxQzlBM0Q1RjJCOEU0QTBDNjc=";

        HttpResponse<String> answer = meta.post(batch);

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(answer.body())).isEqualTo(JSON.readTree("{\"status\":\"accepted\",\"events\":["
                + "{\"event_id\":\"" + first + "\",\"event\":\"message.inbound\",\"status\":\"accepted\"},"
                + "{\"event_id\":\"" + second + "\",\"event\":\"message.inbound\",\"status\":\"accepted\"}]}"));
        awaitInbox("meta:" + first, "DONE");
        awaitInbox("meta:" + second, "DONE");
        String zendesk = Stream.concat(FAKES.server().findAll(postRequestedFor(urlPathEqualTo("/api/v2/tickets.json"))).stream(),
                FAKES.server().findAll(putRequestedFor(urlPathMatching("/api/v2/tickets/[0-9]+\\.json"))).stream())
                .map(LoggedRequest::getBodyAsString).reduce("", String::concat);
        assertThat(zendesk).contains("Can I change my delivery address?").contains("[WhatsApp message " + first + "]")
                .contains("[location] Bandra Kurla Complex").contains("[WhatsApp message " + second + "]");
        assertThat(FAKES.contactRecords()).extracting(record -> record.get("Vobiz_Contact_Id__c").asText())
                .containsExactlyInAnyOrder("wa_917700112233", "wa_918800223344");

        HttpResponse<String> again = meta.post(batch);
        assertThat(JSON.readTree(again.body()).get("status").asText()).isEqualTo("duplicate");
        assertThat(JSON.readTree(again.body()).findValuesAsText("status")).containsExactly("duplicate", "duplicate", "duplicate");
    }

    @Test
    void storesEachStatusOfAMetaNotificationUnderTheWamidAndItsStatus() {
        HttpResponse<String> answer = meta.post(sample("meta-whatsapp", "statuses.json"));

        assertThat(answer.statusCode()).isEqualTo(200);
        String wamid = "wamid.HBgMOTE5ODc2NTQzMjEwFQIAERgSNUI3RTEyQTk4QzNENDZGMDFBAA==";
        awaitInbox("meta:" + wamid + ":sent", "DONE");
        awaitInbox("meta:" + wamid + ":delivered", "DONE");
        assertThat(jdbc.queryForMap("SELECT status, sent_at, delivered_at FROM message_status WHERE message_id = ?", wamid))
                .containsEntry("STATUS", "delivered").doesNotContainEntry("SENT_AT", null);
    }

    @Test
    void storesEachOfTwentyMetaStatusesWithItsOwnStatusAloneForAnalyticsAndTheAdminApi() throws Exception {
        String prefix = "twenty-" + UUID.randomUUID();
        byte[] body = ProfileEvents.metaStatuses(prefix, 20);

        HttpResponse<String> answer = meta.post(body);

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        for (int n = 0; n < 20; n++) {
            String eventId = "meta:wamid." + prefix + "-" + n + ":delivered";
            awaitInbox(eventId, "DONE");
            String stored = jdbc.queryForObject("SELECT payload FROM inbox_event WHERE event_id = ?", String.class, eventId);
            JsonNode value = JSON.readTree(stored).at("/entry/0/changes/0/value");
            assertThat(value.get("statuses")).hasSize(1);
            assertThat(value.at("/statuses/0/id").asText()).isEqualTo("wamid." + prefix + "-" + n);
            assertThat(stored.length()).as("its own status, not the request's twenty").isLessThan(body.length / 4);
            assertThat(jdbc.queryForObject("SELECT payload FROM vobiz_event WHERE event_id = ?", String.class, eventId))
                    .as("analytics").isEqualTo(stored);
        }
        String detail = adminText("/admin/events/meta:wamid." + prefix + "-7:delivered");
        assertThat(detail).contains("wamid." + prefix + "-7").doesNotContain("wamid." + prefix + "-8");
    }

    @Test
    void refusesAMetaRequestOfMoreEventsThanTheSourceTakes413StoringNothingAndRecordsTheRejection() throws Exception {
        String prefix = "flood-" + UUID.randomUUID().toString().substring(0, 8);

        HttpResponse<String> answer = meta.post(ProfileEvents.metaStatuses(prefix, 1001));

        assertThat(answer.statusCode()).isEqualTo(413);
        assertThat(answer.body()).isEqualTo("{\"error\":\"more than 1000 events in one request\"}");
        assertNothingStored("meta:wamid." + prefix + "-0:delivered");
        assertNothingStored("meta:wamid." + prefix + "-1000:delivered");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM inbox_event WHERE event_id LIKE ?", Long.class,
                "meta:wamid." + prefix + "%")).isZero();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(admin("/admin/rejections?source=meta&reason=too_many_events")
                .get("rejections")).isNotEmpty());
    }

    @Test
    void refusesOnlyTheStaleStatusesOfAMetaNotificationAnsweringThemStaleAndStoresTheOthers() throws Exception {
        String wamid = "wamid." + UUID.randomUUID();
        long now = Instant.now().getEpochSecond();
        long rejectionsBefore = staleRejections();

        HttpResponse<String> answer = meta.post(statuses(wamid, Map.of("sent", now - Duration.ofDays(30).toSeconds(),
                "delivered", now - Duration.ofHours(20).toSeconds(), "read", now - 60)));

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(answer.body())).isEqualTo(JSON.readTree("{\"status\":\"accepted\",\"events\":["
                + "{\"event_id\":\"" + wamid + ":sent\",\"event\":\"message.status\",\"status\":\"stale\"},"
                + "{\"event_id\":\"" + wamid + ":delivered\",\"event\":\"message.status\",\"status\":\"accepted\"},"
                + "{\"event_id\":\"" + wamid + ":read\",\"event\":\"message.status\",\"status\":\"accepted\"}]}"));
        awaitInbox("meta:" + wamid + ":delivered", "DONE");
        awaitInbox("meta:" + wamid + ":read", "DONE");
        assertNothingStored("meta:" + wamid + ":sent");
        await().atMost(Duration.ofSeconds(10)).until(() -> staleRejections() == rejectionsBefore + 1);
    }

    @Test
    void answersAMetaNotificationWhoseEventsAreAllStale200WithEachEntryStaleAndStoresNone() throws Exception {
        String wamid = "wamid." + UUID.randomUUID();
        long monthAgo = Instant.now().minus(Duration.ofDays(30)).getEpochSecond();

        HttpResponse<String> answer = meta.post(statuses(wamid, Map.of("sent", monthAgo, "delivered", monthAgo + 5)));

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(answer.body()).get("status").asText()).isEqualTo("stale");
        assertThat(JSON.readTree(answer.body()).get("events").findValuesAsText("status")).containsExactly("stale", "stale");
        assertNothingStored("meta:" + wamid + ":sent");
        assertNothingStored("meta:" + wamid + ":delivered");
    }

    @Test
    void refusesAMetaNotificationWhoseStatusTimeIsNotUnixSecondsWith400NamingTheField() {
        HttpResponse<String> answer = meta.post("{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"1\",\"changes\":[{"
                + "\"field\":\"messages\",\"value\":{\"statuses\":[{\"id\":\"wamid.x\",\"status\":\"sent\","
                + "\"timestamp\":\"" + Instant.now() + "\"}]}}]}]}");
        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.body()).isEqualTo("{\"error\":\"statuses[].timestamp must be a time in Unix seconds such as 1774432830\"}");
    }

    /** A Meta notification of one message's statuses, each at its Unix second, in the order given. */
    private static String statuses(String wamid, Map<String, Long> at) {
        List<String> statuses = new java.util.ArrayList<>();
        for (String status : List.of("sent", "delivered", "read")) {
            if (at.containsKey(status)) {
                statuses.add("{\"id\":\"" + wamid + "\",\"status\":\"" + status + "\",\"timestamp\":\"" + at.get(status)
                        + "\",\"recipient_id\":\"919876543210\"}");
            }
        }
        return "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"102290129340398\",\"changes\":[{\"value\":{"
                + "\"messaging_product\":\"whatsapp\",\"metadata\":{\"display_phone_number\":\"15550783881\","
                + "\"phone_number_id\":\"106540352242922\"},\"statuses\":[" + String.join(",", statuses) + "]},\"field\":\"messages\"}]}]}";
    }

    long staleRejections() {
        return jdbc.queryForObject("SELECT COUNT(*) FROM rejected_request WHERE reason = 'stale_event' AND source = 'meta'", Long.class);
    }

    // --- standard-webhooks -------------------------------------------------------------------------

    @Test
    void deliversAStandardWebhooksContactUpdateToSalesforceAndKnowsTheWebhookIdAgain() throws Exception {
        byte[] body = sample("standard-webhooks", "contact.updated.json");
        String webhookId = "msg_" + UUID.randomUUID();

        assertThat(partner.post(body, webhookId, Instant.now()).body()).isEqualTo("{\"status\":\"accepted\",\"event_id\":\"" + webhookId + "\"}");
        awaitInbox("partner:" + webhookId, "DONE");

        assertThat(FAKES.contactRecords()).hasSize(1);
        assertThat(FAKES.contactRecords().get(0)).isEqualTo(JSON.readTree("{\"attributes\":{\"type\":\"Contact\"},"
                + "\"Vobiz_Contact_Id__c\":\"cus_4471\",\"FirstName\":\"Maria\",\"LastName\":\"Garcia\",\"Phone\":\"+34612345678\","
                + "\"Email\":\"maria.garcia@example.com\"}"));
        assertThat(partner.post(body, webhookId, Instant.now().plusSeconds(30)).body())
                .as("a retry signs again with a new time, the same id").contains("\"duplicate\"");
    }

    @Test
    void refusesAStandardWebhooksRequestSignedTooLongAgoOrWithAnEmptySignature() {
        byte[] body = sample("standard-webhooks", "contact.updated.json");
        String webhookId = "msg_" + UUID.randomUUID();

        HttpResponse<String> old = partner.post(body, webhookId, Instant.now().minus(Duration.ofMinutes(6)));
        assertThat(old.statusCode()).isEqualTo(401);
        assertThat(old.body()).isEqualTo("{\"error\":\"webhook-timestamp is too far from the current time\"}");
        HttpResponse<String> empty = partner.send(partner.request(body, "application/json").header("webhook-id", webhookId)
                .header("webhook-timestamp", String.valueOf(Instant.now().getEpochSecond())).header("webhook-signature", "v1,"));
        assertThat(empty.statusCode()).isEqualTo(401);
        assertThat(empty.body()).isEqualTo("{\"error\":\"invalid signature\"}");
        assertNothingStored("partner:" + webhookId);
    }

    // --- every source --------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(value = Scheme.class, names = {"VOBIZ_MESSAGING", "META_WHATSAPP", "STANDARD_WEBHOOKS"})
    void answersTheIntakeContractOnEverySourceInTheSameOrder(Scheme scheme) {
        WebhookClient source = client(scheme);
        byte[] notJson = "not json".getBytes(StandardCharsets.UTF_8);
        byte[] oversized = ("{\"pad\":\"" + "x".repeat(MAX_BODY) + "\"}").getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> put = source.send(source.method("PUT", null));
        assertThat(put.statusCode()).isEqualTo(405);
        assertThat(put.body()).isEqualTo("{\"error\":\"method not allowed, use POST\"}");
        assertThat(source.send(source.request(oversized, "text/plain")).statusCode()).as("413 before 415 and 401").isEqualTo(413);
        assertThat(source.send(source.request(notJson, "text/plain")).statusCode()).as("415 before 401").isEqualTo(415);
        HttpResponse<String> unsigned = source.send(source.request(notJson, "application/json"));
        assertThat(unsigned.statusCode()).as("401 before 400").isEqualTo(401);
        assertThat(unsigned.body()).isEqualTo("{\"error\":\"missing signature\"}");
        HttpResponse<String> invalid = source.send(source.signed(notJson, "application/json"));
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(invalid.body()).isEqualTo("{\"error\":\"body is not valid JSON\"}");
        assertThat(source.send(source.signed("{}".getBytes(StandardCharsets.UTF_8), "application/json")).statusCode()).isEqualTo(400);
    }

    @Test
    void answersASourceOutsideItsOwnAllowedAddresses403WhileTheOtherSourcesTakeEveryAddress() {
        byte[] body = sample("standard-webhooks", "contact.updated.json");
        WebhookClient outsider = new WebhookClient(port, "/webhooks/partner", Scheme.STANDARD_WEBHOOKS, PARTNER_SECRET)
                .withDefaultHeader("X-Forwarded-For", "198.51.100.7");

        assertThat(outsider.post(body).statusCode()).isEqualTo(403);
        assertThat(new WebhookClient(port, "/webhooks/vobiz-messaging", Scheme.VOBIZ_MESSAGING, MESSAGING_SECRET)
                .withDefaultHeader("X-Forwarded-For", "198.51.100.7").post(sample("vobiz-messaging", "call.terminate.json")).statusCode())
                .isEqualTo(200);
    }

    @Test
    void keepsEachSourceToItsOwnSecretAndItsOwnIds() {
        byte[] body = sample("vobiz-messaging", "message.inbound.image.json");
        WebhookClient withMetasSecret = new WebhookClient(port, "/webhooks/vobiz-messaging", Scheme.VOBIZ_MESSAGING, META_SECRET);
        WebhookClient withTheRotatedOutSecret = new WebhookClient(port, "/webhooks/vobiz-messaging", Scheme.VOBIZ_MESSAGING,
                "whsub_rotated_out");
        assertThat(withMetasSecret.post(body).statusCode()).isEqualTo(401);
        assertThat(withTheRotatedOutSecret.post(body).body()).contains("\"accepted\"");
        awaitInbox("messaging:" + eventId(body), "DONE");

        String sharedId = "evt_" + UUID.randomUUID();
        assertThat(legacy.post(WebhookClient.event("message.read", sharedId)).body()).contains("\"accepted\"");
        assertThat(messaging.post("{\"event_id\":\"" + sharedId + "\",\"event_type\":\"call.ringing\",\"payload\":{}}").body())
                .contains("\"accepted\"");
        assertThat(jdbc.queryForList("SELECT source FROM inbox_event WHERE event_id IN (?, ?) ORDER BY source", String.class,
                "vobiz:" + sharedId, "messaging:" + sharedId)).containsExactly("messaging", "vobiz");
        assertThat(jdbc.queryForList("SELECT processorName FROM CAMEL_MESSAGEPROCESSED WHERE messageId IN (?, ?) ORDER BY processorName",
                String.class, "vobiz:" + sharedId, "messaging:" + sharedId)).containsExactly("source:messaging", "vobiz-webhook");
    }

    @Test
    void anIdSentToTheSpecSourceThatLooksLikeAnotherSourcesIdIsNeverTakenForIt() throws Exception {
        String partnersId = "abc_" + UUID.randomUUID();
        String lookalike = "partner:" + partnersId;

        assertThat(legacy.post(WebhookClient.event("message.read", lookalike)).body())
                .isEqualTo("{\"status\":\"accepted\",\"event_id\":\"" + lookalike + "\"}");
        assertThat(partner.post(sample("standard-webhooks", "contact.updated.json"), partnersId, Instant.now()).body())
                .as("the partner's own event, whose id the Vobiz event's id looked like")
                .isEqualTo("{\"status\":\"accepted\",\"event_id\":\"" + partnersId + "\"}");

        awaitInbox("vobiz:" + lookalike, "DONE");
        awaitInbox("partner:" + partnersId, "DONE");
        assertThat(jdbc.queryForList("SELECT source FROM vobiz_event WHERE event_id IN (?, ?) ORDER BY source", String.class,
                "vobiz:" + lookalike, "partner:" + partnersId)).containsExactly("partner", "vobiz");
        assertThat(admin("/admin/events/" + lookalike).get("source").asText()).as("the router's id wins over a Vobiz id")
                .isEqualTo("partner");
        assertThat(admin("/admin/events/vobiz:" + lookalike).get("source").asText()).isEqualTo("vobiz");
    }

    @Test
    void recordsRefusalsWithTheirSourceCountsEachSourceApartAndListsAndFiltersTheSourcesInTheAdminApi() throws Exception {
        byte[] body = sample("vobiz-messaging", "message.inbound.json");
        new WebhookClient(port, "/webhooks/vobiz-messaging", Scheme.VOBIZ_MESSAGING, "whsub_forged").post(body);
        String id = "evt_" + UUID.randomUUID();
        messaging.post("{\"event_id\":\"" + id + "\",\"event_type\":\"call.connect\",\"payload\":{}}");

        // Recorded behind the answer, by the rejection log's writer.
        await().atMost(Duration.ofSeconds(10)).until(() -> !admin("/admin/rejections?source=messaging&reason=bad_signature")
                .get("rejections").isEmpty());
        JsonNode rejections = admin("/admin/rejections?source=messaging&reason=bad_signature");
        assertThat(rejections.get("rejections")).isNotEmpty();
        assertThat(rejections.get("rejections").findValuesAsText("source")).containsOnly("messaging");
        JsonNode events = admin("/admin/events?source=messaging&limit=1000");
        assertThat(events.get("events").findValuesAsText("event_id")).contains("messaging:" + id);
        assertThat(events.get("events").findValuesAsText("source")).containsOnly("messaging");
        JsonNode sources = admin("/admin/sources").get("sources");
        assertThat(sources.findValuesAsText("name")).containsExactly("vobiz", "messaging", "meta", "partner");
        assertThat(sources.findValuesAsText("profile")).containsExactly("vobiz-legacy", "vobiz-messaging", "meta-whatsapp",
                "standard-webhooks");
        String metrics = adminText("/actuator/prometheus");
        assertThat(metrics).containsPattern("vobiz_webhooks_total\\{outcome=\"rejected\",reason=\"bad_signature\",source=\"messaging\",type=\"none\"\\}")
                .containsPattern("vobiz_webhooks_total\\{outcome=\"accepted\",reason=\"none\",source=\"messaging\",type=\"call\\.\\*\"\\}");
    }

    @Test
    void theSampleScriptSignsForEachProfileAsItsSourceChecks() throws Exception {
        Path folder = Files.createTempDirectory("samples");
        String id = UUID.randomUUID().toString();
        String wamid = "wamid." + UUID.randomUUID();
        // The samples as shipped, with the providers' old times: the script makes them fresh before signing.
        Map<String, String> events = Map.of(
                "vobiz-messaging", Files.readString(Path.of("samples", "vobiz-messaging", "call.terminate.json"))
                        .replace("8e0a2c4e-6a8c-4e0a-9c2e-6a8c0e2a4c26", id),
                "meta-whatsapp", Files.readString(Path.of("samples", "meta-whatsapp", "messages.json"))
                        .replace("wamid.HBgMOTE5ODc2NTQzMjEwFQIAEhggQzA5RTI0OEM3NDFGN0E1QjlBNjJEMEM1MjFFOEI2RkIA", wamid),
                "standard-webhooks", "{\"type\":\"call.logged\",\"data\":{\"call_id\":\"" + id + "\"}}\n");
        Map<String, String[]> sources = Map.of(
                "vobiz-messaging", new String[] {MESSAGING_SECRET, "/webhooks/vobiz-messaging"},
                "meta-whatsapp", new String[] {META_SECRET, "/webhooks/meta"},
                "standard-webhooks", new String[] {PARTNER_SECRET, "/webhooks/partner"});
        for (Map.Entry<String, String> event : events.entrySet()) {
            Path file = Files.createDirectories(folder.resolve(event.getKey())).resolve("event.json");
            Files.writeString(file, event.getValue());
            String[] source = sources.get(event.getKey());
            assertThat(sendSample(file, source[0], source[1])).as(event.getKey()).contains("\"status\":\"accepted\"").contains("HTTP 200");
            assertThat(sendSample(file, source[0], source[1])).as(event.getKey() + " again").contains("\"status\":\"duplicate\"");
        }
    }

    private String sendSample(Path file, String secret, String path) throws Exception {
        ProcessBuilder script = new ProcessBuilder("bash", "samples/send.sh", file.toString()).redirectErrorStream(true);
        script.environment().put("SECRET", secret);
        script.environment().put("ROUTER_URL", "http://127.0.0.1:" + port + path);
        script.environment().put("ROUTER_FORWARDED_FOR", PARTNER_CLIENT);
        Process sent = script.start();
        String answer = new String(sent.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(sent.waitFor()).as(answer).isZero();
        return answer;
    }

    // --- helpers -------------------------------------------------------------------------------------

    WebhookClient client(Scheme scheme) {
        return switch (scheme) {
            case VOBIZ_MESSAGING -> messaging;
            case META_WHATSAPP -> meta;
            case STANDARD_WEBHOOKS -> partner;
            case VOBIZ_LEGACY -> throw new IllegalArgumentException("the SPEC's source has its own contract test");
        };
    }

    static byte[] sample(String profile, String name) {
        try {
            return FreshTimes.of(Files.readAllBytes(Path.of("samples", profile, name)));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static String eventId(byte[] vobizMessagingBody) {
        try {
            return JSON.readTree(vobizMessagingBody).get("event_id").asText();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String only(com.github.tomakehurst.wiremock.matching.RequestPatternBuilder pattern) {
        List<LoggedRequest> requests = FAKES.server().findAll(pattern);
        assertThat(requests).hasSize(1);
        return requests.get(0).getBodyAsString();
    }

    void awaitInbox(String eventId, String status) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> assertThat(
                jdbc.queryForList("SELECT status FROM inbox_event WHERE event_id = ?", String.class, eventId)).containsExactly(status));
    }

    String inboxStatus(String eventId) {
        return jdbc.queryForObject("SELECT status FROM inbox_event WHERE event_id = ?", String.class, eventId);
    }

    void assertNothingStored(String eventId) {
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM inbox_event WHERE event_id = ?", Long.class, eventId)).isZero();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM CAMEL_MESSAGEPROCESSED WHERE messageId = ?", Long.class, eventId)).isZero();
    }

    private JsonNode admin(String path) throws Exception {
        return JSON.readTree(adminText(path));
    }

    private String adminText(String path) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + managementPort + path)).header("Authorization", "Bearer " + ADMIN_TOKEN).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }
}
