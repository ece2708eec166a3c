package com.vobizrouter.inbox;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads one value out of an event's JSON, the same way everywhere: by JSON Pointer
 * ({@code /data/contact_id}), text or a number as text, anything else (absent, null, blank, a
 * boolean, an object, an array) as absent.
 */
public final class JsonText {

    private JsonText() {
    }

    /** The text or number at the pointer, as text; null when absent, blank or another kind of value. */
    public static String at(JsonNode node, String pointer) {
        if (node == null) {
            return null;
        }
        JsonNode value = node.at(pointer);
        if (!(value.isTextual() || value.isNumber())) {
            return null;
        }
        String text = value.asText();
        return text.isBlank() ? null : text;
    }
}
