package com.vobizrouter.sink.salesforce;

import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.vobizrouter.dispatch.Mapping;
import com.vobizrouter.dispatch.MappingException;

/**
 * One record to upsert, as the mapping of destination {@code salesforce}
 * ({@code router.destinations.salesforce.mapping}) made it from an event:
 * {@code {"sobject": "Contact", "external_id_field": "Vobiz_Contact_Id__c", "external_id": "cnt_1",
 * "fields": {"LastName": "Doe", …}}}. The sObject and the external id field become part of the
 * call's URL path ({@code …/composite/sobjects/<sobject>/<external_id_field>}), so what the mapping
 * gives is checked before anything is sent: API names are {@code [A-Za-z][A-Za-z0-9_]*} (custom
 * ones end in {@code __c}), the external id is text (a number is taken as its text), and the
 * fields are an object of text, numbers, booleans or null (null clears the field in Salesforce).
 * Anything else throws {@link MappingException}: the event is dead-lettered with the reason.
 *
 * @param sObject         the sObject's API name: {@code Contact}, {@code Lead}, {@code WhatsApp_Contact__c}
 * @param externalIdField the External ID field the upsert is keyed by
 * @param externalId      its value for this record
 * @param fields          field API name to value, in the mapping's order; never the external id field
 */
public record SalesforceRecord(String sObject, String externalIdField, String externalId, Map<String, JsonNode> fields) {

    /** An sObject's or a field's API name. */
    private static final Pattern API_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,79}");
    /** Salesforce's longest External ID field value (a text External ID holds up to 255 characters). */
    private static final int MAX_EXTERNAL_ID = 255;

    public SalesforceRecord {
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /**
     * The record the mapping gave, checked.
     *
     * @throws MappingException naming what is missing or not allowed
     */
    public static SalesforceRecord of(JsonNode mapped) {
        String prefix = "the mapping of salesforce gave ";
        if (mapped == null || !mapped.isObject()) {
            throw new MappingException(prefix + Mapping.kind(mapped) + "; it must give an object with sobject, external_id_field, external_id and fields");
        }
        String sObject = apiName(mapped, "sobject");
        String externalIdField = apiName(mapped, "external_id_field");
        JsonNode id = mapped.get("external_id");
        if (id == null || !(id.isTextual() || id.isIntegralNumber()) || id.asText().isBlank()) {
            throw new MappingException(prefix + "external_id " + Mapping.kind(id) + "; it must be text");
        }
        if (id.asText().length() > MAX_EXTERNAL_ID) {
            throw new MappingException(prefix + "an external_id longer than " + MAX_EXTERNAL_ID + " characters");
        }
        JsonNode given = mapped.get("fields");
        if (given == null || given.isNull()) {
            given = JsonNodeFactory.instance.objectNode();
        }
        if (!given.isObject()) {
            throw new MappingException(prefix + "fields " + Mapping.kind(given) + "; it must be an object of field names to values");
        }
        Map<String, JsonNode> fields = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> each = given.fields(); each.hasNext();) {
            Map.Entry<String, JsonNode> field = each.next();
            if (!API_NAME.matcher(field.getKey()).matches()) {
                throw new MappingException(prefix + "the field name '" + shown(field.getKey()) + "'; a Salesforce API name is letters, digits and _");
            }
            if (field.getKey().equalsIgnoreCase(externalIdField)) {
                throw new MappingException(prefix + "the external id field " + externalIdField + " among the fields; it is external_id");
            }
            JsonNode value = field.getValue();
            if (!value.isValueNode()) {
                throw new MappingException(prefix + "fields." + field.getKey() + " " + Mapping.kind(value) + "; a field's value is text, a number, a boolean or null");
            }
            fields.put(field.getKey(), value);
        }
        return new SalesforceRecord(sObject, externalIdField, id.asText(), fields);
    }

    private static String apiName(JsonNode mapped, String key) {
        JsonNode name = mapped.get(key);
        if (name == null || !name.isTextual()) {
            throw new MappingException("the mapping of salesforce gave " + key + " " + Mapping.kind(name) + "; it must be an API name such as "
                    + ("sobject".equals(key) ? "Contact" : "Vobiz_Contact_Id__c"));
        }
        if (!API_NAME.matcher(name.asText()).matches()) {
            throw new MappingException("the mapping of salesforce gave the " + key + " '" + shown(name.asText())
                    + "'; a Salesforce API name is letters, digits and _, starting with a letter");
        }
        return name.asText();
    }

    /** A refused name as the reason shows it: at most 80 characters, nothing but printable ASCII. */
    private static String shown(String name) {
        String printable = name.replaceAll("[^\\x20-\\x7E]", "?");
        return printable.length() > 80 ? printable.substring(0, 80) + "…" : printable;
    }
}
