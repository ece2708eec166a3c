package com.vobizrouter.routes;

import java.util.Iterator;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Whether a received JSON value has what a route test expects: every field of an expected object
 * with a matching value (other fields may be there too), every element of an expected array
 * matched by an element of the received one, and equal scalars (a number and its text count as
 * equal, as a database column and a YAML value may differ in type only).
 */
final class JsonSubset {

    private JsonSubset() {
    }

    /** The first difference, as {@code path: expected X, received Y}, or null when received has everything. */
    static String difference(String path, JsonNode expected, JsonNode received) {
        if (expected == null || expected.isMissingNode()) {
            return null;
        }
        if (expected.isObject()) {
            if (received == null || !received.isObject()) {
                return path + ": expected an object, received " + shown(received);
            }
            for (Iterator<Map.Entry<String, JsonNode>> fields = expected.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                JsonNode value = received.get(field.getKey());
                if (value == null) {
                    value = caseInsensitive(received, field.getKey());
                }
                if (value == null && !field.getValue().isNull()) {
                    return path + "." + field.getKey() + ": expected " + field.getValue() + ", received nothing";
                }
                String difference = value == null ? null : difference(path + "." + field.getKey(), field.getValue(), value);
                if (difference != null) {
                    return difference;
                }
            }
            return null;
        }
        if (expected.isArray()) {
            if (received == null || !received.isArray()) {
                return path + ": expected an array, received " + shown(received);
            }
            for (int i = 0; i < expected.size(); i++) {
                boolean found = false;
                for (JsonNode element : received) {
                    if (difference("", expected.get(i), element) == null) {
                        found = true;
                        break;
                    }
                }
                if (!found) {
                    return path + "[" + i + "]: expected an element like " + expected.get(i) + ", received " + received;
                }
            }
            return null;
        }
        if (received == null || received.isNull()) {
            return expected.isNull() ? null : path + ": expected " + expected + ", received null";
        }
        if (expected.equals(received) || !received.isContainerNode() && expected.asText().equals(received.asText())) {
            return null;
        }
        return path + ": expected " + expected + ", received " + shown(received);
    }

    private static JsonNode caseInsensitive(JsonNode object, String name) {
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String candidate = names.next();
            if (candidate.equalsIgnoreCase(name)) {
                return object.get(candidate);
            }
        }
        return null;
    }

    private static String shown(JsonNode node) {
        if (node == null) {
            return "nothing";
        }
        String text = node.toString();
        return text.length() > 400 ? text.substring(0, 400) + "…" : text;
    }
}
