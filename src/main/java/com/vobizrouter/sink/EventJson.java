package com.vobizrouter.sink;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.vobizrouter.dispatch.DispatchKeys;
import com.vobizrouter.dispatch.MappingException;
import com.vobizrouter.inbox.EventKeys;
import com.vobizrouter.inbox.EventView;
import com.vobizrouter.inbox.InboxEvent;
import org.apache.camel.Exchange;

/**
 * Tolerant reading of event JSON for the sink mappings: every optional field may be absent,
 * null or of another type, and then reads as null rather than failing the event. The mappings
 * read an event through its {@link EventView}, the same for every source.
 */
public final class EventJson {

    public static final ObjectMapper MAPPER = new ObjectMapper();

    private EventJson() {
    }

    /**
     * The event being dispatched as the sinks read it: the {@link EventView} dispatch opened it
     * with, or (an exchange made without dispatch) the view of its inbox event.
     */
    public static EventView view(Exchange exchange) {
        EventView view = exchange.getProperty(EventKeys.VIEW, EventView.class);
        if (view != null) {
            return view;
        }
        try {
            return EventView.of(exchange.getProperty(DispatchKeys.EVENT, InboxEvent.class));
        } catch (IllegalArgumentException unreadable) {
            throw new MappingException(unreadable.getMessage());
        }
    }

    public static JsonNode parse(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new MappingException("event JSON unreadable: " + e.getOriginalMessage());
        }
    }

    /** The text at a path of field names, or null when any step is missing or not text/number. */
    public static String text(JsonNode node, String... path) {
        JsonNode current = node;
        for (String field : path) {
            if (current == null || !current.isObject()) {
                return null;
            }
            current = current.get(field);
        }
        if (current == null || !(current.isTextual() || current.isNumber() || current.isBoolean())) {
            return null;
        }
        String value = current.asText();
        return value.isBlank() ? null : value;
    }

    public static Integer integer(JsonNode node, String... path) {
        String value = text(node, path);
        if (value == null) {
            return null;
        }
        try {
            return Integer.valueOf(value);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** An ISO-8601 timestamp with offset, or null when absent or unparsable. */
    public static OffsetDateTime timestamp(String value) {
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
