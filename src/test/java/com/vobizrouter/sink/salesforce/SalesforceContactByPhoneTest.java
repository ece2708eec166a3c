package com.vobizrouter.sink.salesforce;

import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.vobizrouter.inbox.EventIds;
import com.vobizrouter.testsupport.OnH2;
import com.vobizrouter.testsupport.ApplicationJson;
import com.vobizrouter.testsupport.FakeBusinessSystems;
import com.vobizrouter.testsupport.FreshTimes;
import com.vobizrouter.testsupport.RouterTest;
import com.vobizrouter.testsupport.ShippedMappings;
import com.vobizrouter.testsupport.WebhookClient;
import com.vobizrouter.testsupport.WithFakeBusinessSystems;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Contacts matched across formats, a mapping choice: with the alternative mapping the shipped
 * application.yaml offers for destination salesforce (README "Connect a business system"), the
 * Contact is keyed by the digits of the phone number, so a Vobiz contact.updated and a WhatsApp
 * message from Meta of the same number upsert one Contact.
 */
@OnH2
@RouterTest({
    "router.webhook.secrets=whsec_by_phone",
    "router.sources.meta.path=/webhooks/meta",
    "router.sources.meta.profile=meta-whatsapp",
    "router.sources.meta.secrets=" + SalesforceContactByPhoneTest.META_SECRET,
    "router.sources.meta.verify-token=by-phone-verify",
    "router.sinks.salesforce.batch-linger=100ms",
    "router.dispatch.poll-interval=50",
    "logging.level.com.vobizrouter=ERROR"
})
@WithFakeBusinessSystems
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class SalesforceContactByPhoneTest {

    static final String META_SECRET = "0f1e2d3c4b5a69788796a5b4c3d2e1f0";
    static final String BY_PHONE = "/services/data/v56.0/composite/sobjects/Contact/Phone_Key__c";

    @DynamicPropertySource
    static void contactByPhone(DynamicPropertyRegistry registry) {
        registry.add("router.destinations.salesforce.mapping", () -> ShippedMappings.commentedAlternative("salesforce"));
    }

    @Autowired
    JdbcTemplate jdbc;

    @LocalServerPort
    int port;

    FakeBusinessSystems fakes;

    WebhookClient vobiz;

    @Test
    void aContactUpdateAndAWhatsAppMessageOfTheSameNumberUpsertOneContact() throws Exception {
        fakes.server().stubFor(any(urlPathMatching("/services/data/v56\\.0/composite/sobjects/.*"))
                .willReturn(FakeBusinessSystems.contactsUpserted()));
        String eventId = "evt_" + UUID.randomUUID();
        assertThat(vobiz.post("{\"event\":\"contact.updated\",\"event_id\":\"" + eventId + "\",\"channel_id\":\"ch_1\","
                + "\"data\":{\"contact\":{\"id\":\"cnt_ana\",\"name\":\"Ana Lima\",\"phone\":\"+1 234-567-890\",\"email\":\"ana@example.com\"}}}")
                .body()).contains("\"accepted\"");
        awaitInbox("vobiz:" + eventId);

        String meta = new String(Files.readAllBytes(Path.of("samples", "meta-whatsapp", "messages.json")), StandardCharsets.UTF_8)
                .replace("919876543210", "1234567890").replace("wamid.HBgM", "wamid." + UUID.randomUUID());
        WebhookClient metaSource = new WebhookClient(port, "/webhooks/meta", WebhookClient.Scheme.META_WHATSAPP, META_SECRET);
        assertThat(metaSource.post(FreshTimes.of(meta.getBytes(StandardCharsets.UTF_8))).statusCode()).isEqualTo(200);
        awaitInbox(EventIds.stored("meta", ApplicationJson.MAPPER.readTree(meta).at("/entry/0/changes/0/value/messages/0/id").asText()));

        List<JsonNode> records = records(BY_PHONE);
        assertThat(records).hasSize(2);
        assertThat(records).extracting(record -> record.get("Phone_Key__c").asText()).containsOnly("1234567890");
        assertThat(records.get(0).get("Email").asText()).isEqualTo("ana@example.com");
        assertThat(records.get(1).get("LastName").asText()).isEqualTo("Sharma");
        assertThat(fakes.server().findAll(anyRequestedFor(urlPathMatching("/services/data/.*/composite/sobjects/.*"))))
                .as("no upsert keyed otherwise").hasSize(2);
    }

    private List<JsonNode> records(String path) throws Exception {
        List<JsonNode> records = new ArrayList<>();
        for (LoggedRequest request : fakes.server().findAll(anyRequestedFor(urlPathEqualTo(path)))) {
            ApplicationJson.MAPPER.readTree(request.getBodyAsString()).path("records").forEach(records::add);
        }
        return records;
    }

    private void awaitInbox(String eventId) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).untilAsserted(() ->
                assertThat(jdbc.queryForObject("SELECT status FROM inbox_event WHERE event_id = ?", String.class, eventId)).isEqualTo("DONE"));
    }
}
