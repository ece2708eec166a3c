package com.vobizrouter.intake.source;

import java.time.Instant;
import java.util.Iterator;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.vobizrouter.inbox.EventView;
import com.vobizrouter.intake.IntakeJson;

/** Builds the normalised views ({@link EventView}) the profiles store next to the payload. */
final class Views {

    private Views() {
    }

    /** A view with its envelope filled in and an empty {@code data}. */
    static ObjectNode envelope(String routerType, String sourceType, String sourceId, String timestamp, String channelId) {
        ObjectNode view = IntakeJson.MAPPER.createObjectNode();
        view.put(EventView.TYPE, routerType);
        view.put(EventView.SOURCE_EVENT, sourceType);
        view.put(EventView.SOURCE_EVENT_ID, sourceId);
        putIfPresent(view, EventView.TIMESTAMP, timestamp);
        putIfPresent(view, EventView.CHANNEL, channelId);
        view.putObject(EventView.DATA);
        return view;
    }

    /** The view's {@code data}. */
    static ObjectNode data(ObjectNode view) {
        return (ObjectNode) view.get(EventView.DATA);
    }

    /** Copies every field of an object into {@code data}, except the named ones. */
    static void copyInto(ObjectNode data, JsonNode object, String... except) {
        if (object == null || !object.isObject()) {
            return;
        }
        Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (!java.util.Arrays.asList(except).contains(field.getKey())) {
                data.set(field.getKey(), field.getValue().deepCopy());
            }
        }
    }

    static void putIfPresent(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }

    /** WhatsApp's timestamps (Unix seconds, as text) in RFC 3339; null when it is not one. */
    static String epochSeconds(String seconds) {
        if (seconds == null || !seconds.matches("\\d{1,12}")) {
            return null;
        }
        return Instant.ofEpochSecond(Long.parseLong(seconds)).toString();
    }

    static String json(JsonNode view) {
        try {
            return IntakeJson.MAPPER.writeValueAsString(view);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree cannot be written", e);
        }
    }
}
