package com.vobizrouter.sink;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

import com.fasterxml.jackson.databind.JsonNode;
import com.vobizrouter.dispatch.MappingException;
import com.vobizrouter.inbox.EventKeys;
import com.vobizrouter.inbox.EventView;
import com.vobizrouter.inbox.JsonText;
import org.apache.camel.Exchange;

/**
 * Tolerant reading of an event for the sink mappings: every optional field may be absent, null or
 * of another type, and then reads as null rather than failing the event. The mappings read an
 * event through its {@link EventView}, the same for every source, and its fields with
 * {@link JsonText#at}.
 */
public final class EventJson {

    private EventJson() {
    }

    /** The event being dispatched as the sinks read it: the {@link EventView} dispatch opened it with. */
    public static EventView view(Exchange exchange) {
        EventView view = exchange.getProperty(EventKeys.VIEW, EventView.class);
        if (view == null) {
            throw new MappingException("no event on the exchange: a sink route is reached from dispatch only");
        }
        return view;
    }

    /** The whole number at a JSON Pointer, or null when absent or not one. */
    public static Integer integer(JsonNode node, String pointer) {
        String value = JsonText.at(node, pointer);
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
