package com.vobizrouter.sink.salesforce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.vobizrouter.dispatch.MappingException;
import com.vobizrouter.testsupport.ApplicationJson;
import org.junit.jupiter.api.Test;

/**
 * What the mapping of destination salesforce may give: its sObject and External ID field become
 * part of a URL path, so nothing but API names gets through, and the fields are scalars.
 */
class SalesforceRecordTest {

    @Test
    void takesAnySObjectAndCustomFieldsInTheOrderTheMappingGaveThem() {
        SalesforceRecord record = SalesforceRecord.of(json("""
                {"sobject":"WhatsApp_Contact__c","external_id_field":"Phone_Key__c","external_id":1234567890,
                 "fields":{"Name":"Ana","WhatsApp_Opt_In__c":true,"Score__c":4.5,"Fax":null}}"""));

        assertThat(record).extracting(SalesforceRecord::sObject, SalesforceRecord::externalIdField, SalesforceRecord::externalId)
                .containsExactly("WhatsApp_Contact__c", "Phone_Key__c", "1234567890");
        assertThat(record.fields().keySet()).containsExactly("Name", "WhatsApp_Opt_In__c", "Score__c", "Fax");
        assertThat(record.fields().get("WhatsApp_Opt_In__c").asBoolean()).isTrue();
        assertThat(record.fields().get("Fax").isNull()).isTrue();
    }

    @Test
    void aRecordWithoutFieldsIsJustItsExternalId() {
        assertThat(SalesforceRecord.of(json("{\"sobject\":\"Lead\",\"external_id_field\":\"Key__c\",\"external_id\":\"k\"}")).fields())
                .isEmpty();
    }

    @Test
    void refusesNamesThatAreNotApiNamesSoNothingOfASenderReachesTheUrlPath() {
        assertRefused("{\"sobject\":\"Contact/../Account\",\"external_id_field\":\"Key__c\",\"external_id\":\"k\"}", "sobject");
        assertRefused("{\"sobject\":\"Contact\",\"external_id_field\":\"Key__c?x=1\",\"external_id\":\"k\"}", "external_id_field");
        assertRefused("{\"sobject\":\"\",\"external_id_field\":\"Key__c\",\"external_id\":\"k\"}", "sobject");
        assertRefused("{\"sobject\":\"_Contact\",\"external_id_field\":\"Key__c\",\"external_id\":\"k\"}", "sobject");
        assertRefused("{\"sobject\":[\"Contact\"],\"external_id_field\":\"Key__c\",\"external_id\":\"k\"}", "sobject");
        assertRefused("{\"external_id_field\":\"Key__c\",\"external_id\":\"k\"}", "sobject");
        assertRefused("{\"sobject\":\"Contact\",\"external_id_field\":\"Key__c\",\"external_id\":\"k\",\"fields\":{\"Last Name\":\"x\"}}",
                "field name");
    }

    @Test
    void refusesAnExternalIdThatIsNotTextAndFieldsThatAreNotScalars() {
        assertRefused("{\"sobject\":\"Contact\",\"external_id_field\":\"Key__c\"}", "external_id");
        assertRefused("{\"sobject\":\"Contact\",\"external_id_field\":\"Key__c\",\"external_id\":\" \"}", "external_id");
        assertRefused("{\"sobject\":\"Contact\",\"external_id_field\":\"Key__c\",\"external_id\":{\"a\":1}}", "external_id");
        assertRefused("{\"sobject\":\"Contact\",\"external_id_field\":\"Key__c\",\"external_id\":\"k\",\"fields\":[1]}", "fields");
        assertRefused("{\"sobject\":\"Contact\",\"external_id_field\":\"Key__c\",\"external_id\":\"k\",\"fields\":{\"Tags__c\":[\"a\"]}}",
                "fields.Tags__c");
        assertRefused("{\"sobject\":\"Contact\",\"external_id_field\":\"Key__c\",\"external_id\":\"k\",\"fields\":{\"key__c\":\"other\"}}",
                "external id field");
        assertRefused("\"Contact\"", "it must give an object");
    }

    private static void assertRefused(String mapped, String reason) {
        assertThatThrownBy(() -> SalesforceRecord.of(json(mapped))).as(mapped).isInstanceOf(MappingException.class)
                .hasMessageStartingWith("the mapping of salesforce gave").hasMessageContaining(reason);
    }

    private static JsonNode json(String text) {
        try {
            return ApplicationJson.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
