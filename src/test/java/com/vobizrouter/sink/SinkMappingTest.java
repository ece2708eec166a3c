package com.vobizrouter.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;

import com.vobizrouter.inbox.EventKeys;
import com.vobizrouter.inbox.EventView;
import com.vobizrouter.testsupport.ApplicationJson;
import com.vobizrouter.inbox.InboxEvent;
import com.vobizrouter.dispatch.MappingException;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import com.vobizrouter.sink.database.CampaignResultRow;
import com.vobizrouter.sink.database.DatabaseSinkMapping;
import com.vobizrouter.sink.database.MessageStatusRow;
import com.vobizrouter.sink.salesforce.SalesforceRecord;
import com.vobizrouter.sink.salesforce.SalesforceRecords;
import com.vobizrouter.testsupport.ShippedMappings;
import com.vobizrouter.dispatch.Mappings;

/** Pins how events map to what each sink receives, with optional fields absent. */
class SinkMappingTest {

    private static final Mappings SALESFORCE = ShippedMappings.of("salesforce");

    @Test
    void splitsAContactNameAtTheFirstSpaceAndSendsOnlyFieldsThatArePresent() {
        SalesforceRecord record = salesforce(exchange("contact.updated", "{\"data\":{\"contact\":{\"id\":\"cnt_1\",\"name\":\"  Maria  de la  Cruz \"}}}"));
        assertThat(fields(record)).containsExactly(Map.entry("FirstName", "Maria"), Map.entry("LastName", "de la Cruz"));
        assertThat(record.externalId()).isEqualTo("cnt_1");
        assertThat(record).extracting(SalesforceRecord::sObject, SalesforceRecord::externalIdField)
                .containsExactly("Contact", "Vobiz_Contact_Id__c");
    }

    @Test
    void putsASingleWordNameInLastNameWhichSalesforceRequires() {
        SalesforceRecord record = salesforce(exchange("contact.updated",
                "{\"data\":{\"contact\":{\"id\":\"cnt_2\",\"name\":\"Madonna\",\"email\":\"m@example.com\"}}}"));
        assertThat(fields(record)).containsExactly(Map.entry("LastName", "Madonna"), Map.entry("Email", "m@example.com"));
    }

    @Test
    void aBooleanWhereTextBelongsIsLeftOutAsIfAbsentRatherThanSentAsTheWordTrue() {
        SalesforceRecord record = salesforce(exchange("contact.updated", "{\"data\":{\"contact\":{\"id\":\"cnt_3\",\"name\":true,\"email\":false}}}"));
        assertThat(fields(record)).isEmpty();
    }

    @Test
    void cutsNamesPhoneAndEmailToTheLengthsSalesforceTakes() {
        String longWord = "a".repeat(100);
        SalesforceRecord record = salesforce(exchange("contact.updated", "{\"data\":{\"contact\":{\"id\":\"cnt_4\",\"name\":\"" + longWord
                + " " + longWord + "\",\"phone\":\"" + "1".repeat(50) + "\",\"email\":\"" + longWord + "\"}}}"));
        assertThat(fields(record)).containsExactly(Map.entry("FirstName", "a".repeat(40)), Map.entry("LastName", "a".repeat(80)),
                Map.entry("Phone", "1".repeat(40)), Map.entry("Email", "a".repeat(80)));
    }

    @Test
    void refusesAContactWithoutId() {
        assertThatThrownBy(() -> salesforce(exchange("contact.updated", "{\"data\":{\"contact\":{}}}")))
                .isInstanceOf(MappingException.class).hasMessageContaining("data.contact.id");
    }

    @Test
    void mapsAFailedMessageWithItsErrorAndOnlyItsOwnTimestamp() {
        Exchange exchange = exchange("message.failed", "{\"data\":{\"message_id\":\"wamid.9\",\"to\":\"+1\",\"timestamp\":\"2026-03-19T10:33:10Z\","
                + "\"error\":{\"code\":131026,\"message\":\"undeliverable\"}}}");
        MessageStatusRow row = new DatabaseSinkMapping().messageStatus(exchange);
        assertThat(row).extracting(MessageStatusRow::status, MessageStatusRow::statusRank, MessageStatusRow::errorCode,
                MessageStatusRow::errorMessage, MessageStatusRow::failedAt, MessageStatusRow::sentAt, MessageStatusRow::readAt)
                .containsExactly("failed", 4, "131026", "undeliverable", OffsetDateTime.parse("2026-03-19T10:33:10Z"), null, null);
    }

    @Test
    void fallsBackToTheEnvelopeTimeWhenTheStatusHasNone() {
        Exchange exchange = exchange("message.read", "{\"data\":{\"message_id\":\"wamid.10\"}}");
        MessageStatusRow row = new DatabaseSinkMapping().messageStatus(exchange);
        assertThat(row).extracting(MessageStatusRow::readAt, MessageStatusRow::recipient, MessageStatusRow::errorCode)
                .containsExactly(OffsetDateTime.parse("2026-03-19T10:30:45Z"), null, null);
    }

    @Test
    void mapsACampaignWithMissingTotalsAsNull() {
        CampaignResultRow row = new DatabaseSinkMapping().campaignResult(exchange("campaign.completed",
                "{\"data\":{\"campaign_id\":\"cmp_1\",\"total\":10,\"sent\":\"ten\"}}"));
        assertThat(row).extracting(CampaignResultRow::campaignId, CampaignResultRow::totalCount, CampaignResultRow::sentCount,
                CampaignResultRow::completedAt).containsExactly("cmp_1", 10, null, null);
    }

    private static SalesforceRecord salesforce(Exchange exchange) {
        new SalesforceRecords(SALESFORCE).toRecord(exchange);
        return exchange.getIn().getBody(SalesforceRecord.class);
    }

    private static Map<String, String> fields(SalesforceRecord record) {
        Map<String, String> fields = new LinkedHashMap<>();
        record.fields().forEach((name, value) -> fields.put(name, value.asText()));
        return fields;
    }

    private static Exchange exchange(String type, String payload) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.setProperty(EventKeys.VIEW, EventView.of(new InboxEvent(1, "evt_1", type, "ch_1", "2026-03-19T10:30:45Z",
                Instant.parse("2026-03-19T10:30:46Z"), 0, payload, "token"), ApplicationJson.MAPPER));
        return exchange;
    }

    private static com.fasterxml.jackson.databind.JsonNode json(String text) {
        try {
            return ApplicationJson.MAPPER.readTree(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
