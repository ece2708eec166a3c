package com.vobizrouter.sink.zendesk;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.vobizrouter.dispatch.Mapping;
import com.vobizrouter.dispatch.MappingException;

/**
 * What a message says in Zendesk, as the mapping of destination {@code zendesk}
 * ({@code router.destinations.zendesk.mapping}) made it from the event:
 * {@code {"requester": {"name", "email", "phone"}, "subject", "comment", "tags", "priority",
 * "custom_fields": [{"id", "value"}]}}. The comment is the message's text on its ticket (the
 * router adds the line that identifies the message); the subject, tags, priority and custom
 * fields are those of a ticket the message opens (a later message of the conversation is a
 * comment only); the requester is the Zendesk user the message comes from. What the mapping gives
 * is checked, an unknown key or a value of the wrong kind throwing {@link MappingException} (the
 * event is dead-lettered with the reason).
 *
 * @param requesterName  the requester's name (required by Zendesk)
 * @param requesterEmail the requester's email, or null
 * @param requesterPhone the requester's phone, or null
 * @param subject        the subject of a ticket the message opens, or null
 * @param comment        the message as a comment
 * @param ticketFields   {@code tags}, {@code priority} and {@code custom_fields} as the ticket's JSON has them (empty when none)
 */
public record ZendeskTicketContent(String requesterName, String requesterEmail, String requesterPhone, String subject, String comment,
        ObjectNode ticketFields) {

    private static final Set<String> KEYS = Set.of("requester", "subject", "comment", "tags", "priority", "custom_fields");
    private static final Set<String> REQUESTER_KEYS = Set.of("name", "email", "phone");
    private static final Set<String> PRIORITIES = Set.of("low", "normal", "high", "urgent");
    private static final String GAVE = "the mapping of zendesk gave ";

    /**
     * What the mapping gave, checked.
     *
     * @throws MappingException naming what is missing or not allowed
     */
    public static ZendeskTicketContent of(JsonNode mapped) {
        if (mapped == null || !mapped.isObject()) {
            throw new MappingException(GAVE + Mapping.kind(mapped) + "; it must give an object with requester, subject and comment");
        }
        knownKeys(mapped, KEYS, "");
        JsonNode requester = mapped.get("requester");
        if (requester == null || !requester.isObject()) {
            throw new MappingException(GAVE + "requester " + Mapping.kind(requester) + "; it must be an object with at least a name");
        }
        knownKeys(requester, REQUESTER_KEYS, "requester.");
        String name = text(requester, "name", "requester.name", true);
        String comment = text(mapped, "comment", "comment", true);
        ObjectNode ticketFields = JsonNodeFactory.instance.objectNode();
        JsonNode tags = mapped.get("tags");
        if (tags != null && !tags.isNull()) {
            if (!tags.isArray()) {
                throw new MappingException(GAVE + "tags " + Mapping.kind(tags) + "; they are an array of text");
            }
            ArrayNode checked = ticketFields.putArray("tags");
            for (JsonNode tag : tags) {
                if (!tag.isTextual() || tag.asText().isBlank()) {
                    throw new MappingException(GAVE + "a tag that is " + Mapping.kind(tag) + "; a tag is text");
                }
                checked.add(tag.asText());
            }
        }
        String priority = text(mapped, "priority", "priority", false);
        if (priority != null) {
            if (!PRIORITIES.contains(priority)) {
                throw new MappingException(GAVE + "the priority '" + shown(priority) + "'; it is one of low, normal, high, urgent");
            }
            ticketFields.put("priority", priority);
        }
        JsonNode customFields = mapped.get("custom_fields");
        if (customFields != null && !customFields.isNull()) {
            if (!customFields.isArray()) {
                throw new MappingException(GAVE + "custom_fields " + Mapping.kind(customFields) + "; they are an array of {id, value}");
            }
            ArrayNode checked = ticketFields.putArray("custom_fields");
            for (JsonNode field : customFields) {
                checked.add(customField(field));
            }
        }
        return new ZendeskTicketContent(name, text(requester, "email", "requester.email", false),
                text(requester, "phone", "requester.phone", false), text(mapped, "subject", "subject", false), comment, ticketFields);
    }

    private static ObjectNode customField(JsonNode field) {
        if (!field.isObject() || !field.path("id").canConvertToExactIntegral() || !field.path("id").isNumber()
                || field.path("id").asLong() <= 0) {
            throw new MappingException(GAVE + "a custom field that is not {id, value} with a positive whole id: " + shown(field.toString()));
        }
        knownKeys(field, Set.of("id", "value"), "custom_fields[].");
        JsonNode value = field.get("value");
        boolean allowed = value == null || value.isValueNode();
        if (value != null && value.isArray()) {
            allowed = true;
            for (JsonNode each : value) {
                allowed &= each.isValueNode();
            }
        }
        if (!allowed) {
            throw new MappingException(GAVE + "custom field " + field.path("id").asLong() + " a value that is " + Mapping.kind(value)
                    + "; it is text, a number, a boolean, null or an array of those");
        }
        ObjectNode checked = JsonNodeFactory.instance.objectNode();
        checked.put("id", field.path("id").asLong());
        checked.set("value", value == null ? JsonNodeFactory.instance.nullNode() : value);
        return checked;
    }

    private static void knownKeys(JsonNode object, Set<String> known, String prefix) {
        for (Iterator<Map.Entry<String, JsonNode>> each = object.fields(); each.hasNext();) {
            String key = each.next().getKey();
            if (!known.contains(key)) {
                List<String> sorted = new ArrayList<>(known);
                sorted.sort(null);
                throw new MappingException(GAVE + "'" + prefix + shown(key) + "', which it may not: it may give " + prefix
                        + String.join(", " + prefix, sorted));
            }
        }
    }

    private static String text(JsonNode object, String key, String name, boolean required) {
        JsonNode value = object.get(key);
        if (value == null || value.isNull()) {
            if (required) {
                throw new MappingException(GAVE + "no " + name + "; it is required");
            }
            return null;
        }
        if (!value.isTextual()) {
            throw new MappingException(GAVE + name + " " + Mapping.kind(value) + "; it must be text");
        }
        if (required && value.asText().isBlank()) {
            throw new MappingException(GAVE + "a blank " + name + "; it is required");
        }
        return value.asText();
    }

    private static String shown(String text) {
        String printable = text.replaceAll("[^\\x20-\\x7E]", "?");
        return printable.length() > 80 ? printable.substring(0, 80) + "…" : printable;
    }
}
