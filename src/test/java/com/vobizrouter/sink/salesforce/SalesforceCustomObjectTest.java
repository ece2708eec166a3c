package com.vobizrouter.sink.salesforce;

import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.vobizrouter.inbox.EventIds;
import com.vobizrouter.testsupport.OnH2;
import com.vobizrouter.testsupport.ApplicationJson;
import com.vobizrouter.testsupport.FakeBusinessSystems;
import com.vobizrouter.testsupport.FreshTimes;
import com.vobizrouter.testsupport.RouterTest;
import com.vobizrouter.testsupport.WebhookClient;
import com.vobizrouter.testsupport.WithFakeBusinessSystems;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A mapping of destination salesforce to an sObject other than Contact, with custom fields: a
 * WhatsApp sender becomes a custom {@code WhatsApp_Contact__c} record with
 * {@code WhatsApp_Opt_In__c}, a contact.updated a Lead; Salesforce receives exactly what the
 * mapping made, upserted by the External ID field it named.
 */
@OnH2
@RouterTest({
    "router.webhook.secrets=whsec_custom_object",
    "router.sources.meta.path=/webhooks/meta",
    "router.sources.meta.profile=meta-whatsapp",
    "router.sources.meta.secrets=" + SalesforceCustomObjectTest.META_SECRET,
    "router.sources.meta.verify-token=custom-object-verify",
    "router.sinks.salesforce.batch-linger=100ms",
    "router.dispatch.poll-interval=50",
    "logging.level.com.vobizrouter=ERROR"
})
@WithFakeBusinessSystems
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class SalesforceCustomObjectTest {

    static final String META_SECRET = "a1b2c3d4e5f60718293a4b5c6d7e8f90";
    static final String MAPPING = """
            if .event == "contact.updated" then
              {sobject: "Lead", external_id_field: "Vobiz_Lead_Id__c", external_id: .data.contact.id,
               fields: {LastName: .data.contact.name, Company: "WhatsApp", Email: .data.contact.email}}
            else
              {sobject: "WhatsApp_Contact__c", external_id_field: "WhatsApp_Id__c", external_id: .data.contact.id,
               fields: {Name: .data.contact.name, Phone__c: .data.contact.phone, WhatsApp_Opt_In__c: true, First_Source__c: $source}}
            end""";

    @DynamicPropertySource
    static void customObject(DynamicPropertyRegistry registry) {
        registry.add("router.destinations.salesforce.mapping", () -> MAPPING);
    }

    @Autowired
    JdbcTemplate jdbc;

    @LocalServerPort
    int port;

    FakeBusinessSystems fakes;

    WebhookClient vobiz;

    @BeforeEach
    void anySObjectUpserts() {
        fakes.standardAnswers();
        fakes.server().stubFor(any(urlPathMatching("/services/data/v56\\.0/composite/sobjects/.*"))
                .willReturn(FakeBusinessSystems.contactsUpserted()));
    }

    @Test
    void aWhatsAppSenderBecomesACustomObjectRecordWithItsCustomFields() throws Exception {
        String meta = new String(Files.readAllBytes(Path.of("samples", "meta-whatsapp", "messages.json")), StandardCharsets.UTF_8)
                .replace("wamid.HBgM", "wamid." + UUID.randomUUID());
        WebhookClient metaSource = new WebhookClient(port, "/webhooks/meta", WebhookClient.Scheme.META_WHATSAPP, META_SECRET);
        assertThat(metaSource.post(FreshTimes.of(meta.getBytes(StandardCharsets.UTF_8))).statusCode()).isEqualTo(200);
        awaitDone(EventIds.stored("meta", ApplicationJson.MAPPER.readTree(meta).at("/entry/0/changes/0/value/messages/0/id").asText()));

        List<LoggedRequest> calls = upserts();
        assertThat(calls).hasSize(1);
        assertThat(calls.get(0).getMethod().getName()).isEqualTo("PATCH");
        assertThat(calls.get(0).getUrl()).isEqualTo("/services/data/v56.0/composite/sobjects/WhatsApp_Contact__c/WhatsApp_Id__c");
        assertThat(ApplicationJson.MAPPER.readTree(calls.get(0).getBodyAsString())).isEqualTo(ApplicationJson.MAPPER.readTree("""
                {"allOrNone":false,"records":[{"attributes":{"type":"WhatsApp_Contact__c"},"WhatsApp_Id__c":"wa_919876543210",
                 "Name":"Priya Sharma","Phone__c":"+919876543210","WhatsApp_Opt_In__c":true,"First_Source__c":"meta"}]}"""));
    }

    @Test
    void aContactUpdateBecomesALeadUpsertedByItsOwnExternalIdField() throws Exception {
        String eventId = "evt_" + UUID.randomUUID();
        assertThat(vobiz.post("{\"event\":\"contact.updated\",\"event_id\":\"" + eventId + "\",\"channel_id\":\"ch_1\","
                + "\"data\":{\"contact\":{\"id\":\"cnt_lead\",\"name\":\"Ada Lovelace\",\"email\":\"ada@example.com\"}}}").body())
                .contains("\"accepted\"");
        awaitDone("vobiz:" + eventId);

        List<LoggedRequest> calls = upserts();
        assertThat(calls).hasSize(1);
        assertThat(calls.get(0).getUrl()).isEqualTo("/services/data/v56.0/composite/sobjects/Lead/Vobiz_Lead_Id__c");
        assertThat(ApplicationJson.MAPPER.readTree(calls.get(0).getBodyAsString()).at("/records/0")).isEqualTo(ApplicationJson.MAPPER
                .readTree("""
                {"attributes":{"type":"Lead"},"Vobiz_Lead_Id__c":"cnt_lead","LastName":"Ada Lovelace","Company":"WhatsApp",
                 "Email":"ada@example.com"}"""));
    }

    private List<LoggedRequest> upserts() {
        return fakes.server().findAll(anyRequestedFor(urlPathMatching("/services/data/.*/composite/sobjects/.*")));
    }

    private void awaitDone(String eventId) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).untilAsserted(() ->
                assertThat(jdbc.queryForObject("SELECT status FROM inbox_event WHERE event_id = ?", String.class, eventId)).isEqualTo("DONE"));
    }
}
