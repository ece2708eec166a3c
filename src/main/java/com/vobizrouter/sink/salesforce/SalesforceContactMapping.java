package com.vobizrouter.sink.salesforce;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.vobizrouter.dispatch.MappingException;
import com.vobizrouter.inbox.JsonText;
import com.vobizrouter.inbox.Text;
import org.apache.camel.Exchange;
import com.vobizrouter.sink.EventJson;

/**
 * Maps contact.updated (and, for sources that send no contact.updated, the sender of a received
 * message) to the fields of a Salesforce Contact upsert (bean
 * {@code salesforceContactMapping}): the body becomes the field map, the contact id goes to header
 * {@code sObjectIdValue}, the external ID the upsert is keyed by; the name is split at the first space into FirstName and
 * LastName (a single word is the LastName, which Salesforce requires); Phone and Email are sent
 * only when present, so an absent field never blanks what Salesforce already has.
 */
public class SalesforceContactMapping {

    public void toContact(Exchange exchange) {
        JsonNode root = EventJson.view(exchange).json();
        String contactId = JsonText.at(root, "/data/contact/id");
        if (contactId == null) {
            throw new MappingException("data.contact.id is missing");
        }
        Map<String, Object> contact = new LinkedHashMap<>();
        String name = JsonText.at(root, "/data/contact/name");
        if (name != null) {
            String trimmed = name.trim().replaceAll("\\s+", " ");
            int space = trimmed.indexOf(' ');
            if (space < 0) {
                contact.put("LastName", Text.truncate(trimmed, 80));
            } else {
                contact.put("FirstName", Text.truncate(trimmed.substring(0, space), 40));
                contact.put("LastName", Text.truncate(trimmed.substring(space + 1), 80));
            }
        }
        putIfPresent(contact, "Phone", Text.truncate(JsonText.at(root, "/data/contact/phone"), 40));
        putIfPresent(contact, "Email", Text.truncate(JsonText.at(root, "/data/contact/email"), 80));
        exchange.getIn().setBody(contact);
        exchange.getIn().setHeader("sObjectIdValue", contactId);
    }

    private static void putIfPresent(Map<String, Object> map, String key, String value) {
        if (value != null) {
            map.put(key, value);
        }
    }
}
