package com.vobizrouter.intake.source;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.vobizrouter.intake.EventTypeFormat;
import com.vobizrouter.intake.IntakeJson;
import com.vobizrouter.intake.WebhookRejection;

/**
 * The body rules every profile shares: one JSON object in UTF-8
 * (a leading BOM allowed), nothing after it, no repeated key; ids non-blank Unicode text without
 * control characters; types as {@link EventTypeFormat} says. A refusal is a 400 {@link WebhookRejection} naming the problem.
 */
final class StrictJson {

    /** Longest id a sender may give; longer ones than the inbox column holds are stored hashed. */
    static final int MAX_ID_LENGTH = 255;
    static final int MAX_OPTIONAL_LENGTH = 255;

    private StrictJson() {
    }

    /** The body as text, without a leading BOM. */
    static String utf8(byte[] body) {
        byte[] bytes = body == null ? new byte[0] : body;
        int start = bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB && (bytes[2] & 0xFF) == 0xBF ? 3 : 0;
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, start, bytes.length - start))
                    .toString();
        } catch (CharacterCodingException e) {
            throw invalid("invalid_json", "body is not valid UTF-8");
        }
    }

    /** The one JSON object the text is. */
    static JsonNode object(String json) {
        JsonNode node;
        try {
            node = IntakeJson.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw invalid("invalid_json", "body is not valid JSON");
        }
        if (node == null || !node.isObject()) {
            throw invalid("invalid_json", "body must be a JSON object");
        }
        return node;
    }

    /** A body of one event: its text without BOM, its object, and its required id and type fields, checked. */
    record Envelope(String json, JsonNode object, String id, String type) {
    }

    /** The envelope of a body whose id and type are fields of its object (400 as {@link #required} and {@link #requiredType} say). */
    static Envelope envelope(byte[] body, String idField, String typeField) {
        String json = utf8(body);
        JsonNode object = object(json);
        return new Envelope(json, object, required(object, idField, idField), requiredType(object, typeField, typeField));
    }

    /** A required text field of an object, checked as an id. */
    static String required(JsonNode object, String field, String name) {
        return checked(requiredString(object, field, name), name);
    }

    /** A required text field of an object, checked as an event type ({@link EventTypeFormat}). */
    static String requiredType(JsonNode object, String field, String name) {
        return type(requiredString(object, field, name), name);
    }

    /**
     * An event type from anywhere (a field, or a type built from one, such as Meta's
     * {@code call.<event>}): 400 {@code invalid_envelope} when there is none, 400
     * {@code invalid_event_type} when it breaks {@link EventTypeFormat}'s rule.
     */
    static String type(String value, String name) {
        if (value == null || value.isBlank()) {
            throw invalid("invalid_envelope", name + " must be a non-empty string");
        }
        return EventTypeFormat.checked(value, name);
    }

    private static String requiredString(JsonNode object, String field, String name) {
        JsonNode value = object == null ? null : object.get(field);
        if (value == null || value.isNull()) {
            throw invalid("invalid_envelope", name + " is missing");
        }
        if (!value.isTextual()) {
            throw invalid("invalid_envelope", name + " must be a non-empty string");
        }
        return value.asText();
    }

    /** An id from anywhere (a header, a field): non-blank Unicode text without control characters. */
    static String checked(String value, String name) {
        if (value == null || value.isBlank()) {
            throw invalid("invalid_envelope", name + " must be a non-empty string");
        }
        if (hasControlCharacter(value)) {
            throw invalid("invalid_envelope", name + " must not contain control characters");
        }
        if (hasLoneSurrogate(value)) {
            throw invalid("invalid_envelope", name + " must be Unicode text (it has half a surrogate pair)");
        }
        if (value.length() > MAX_ID_LENGTH) {
            throw invalid("invalid_envelope", name + " is longer than " + MAX_ID_LENGTH + " characters");
        }
        return value;
    }

    /**
     * An optional text field as sent, blank included, or null when it is absent, not text, too
     * long or not clean text (the stored JSON keeps it; only its column is left empty).
     */
    static String optional(JsonNode object, String field) {
        JsonNode value = object == null ? null : object.get(field);
        if (value == null || !value.isTextual() || value.asText().length() > MAX_OPTIONAL_LENGTH
                || hasControlCharacter(value.asText()) || hasLoneSurrogate(value.asText())) {
            return null;
        }
        return value.asText();
    }

    static boolean hasControlCharacter(String text) {
        return text.chars().anyMatch(Character::isISOControl);
    }

    static boolean hasLoneSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    static WebhookRejection invalid(String reason, String message) {
        return new WebhookRejection(400, reason, message);
    }
}
