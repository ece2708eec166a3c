package com.vobizrouter.intake;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import com.vobizrouter.inbox.EventIds;
import com.vobizrouter.inbox.EventKeys;
import com.vobizrouter.inbox.InboxEvent;

/**
 * Reads the Vobiz envelope ({@code event}, {@code event_id}, {@code timestamp},
 * {@code channel_id}) from a verified body and puts it on exchange properties for the routes.
 * The event is stored and deduplicated under the router's id {@code vobiz:<event_id>}
 * ({@link EventIds#stored}), like every source's; the answer carries {@code event_id} as sent.
 *
 * <p>The body must be one JSON object in UTF-8 (a leading BOM is allowed): invalid UTF-8,
 * trailing content after the object, or a repeated key are refused rather than guessed at, since
 * the stored event must mean exactly what Vobiz sent. {@code event} must be a type as
 * {@link EventTypeFormat} says (400 {@code invalid_event_type} otherwise). {@code event_id} must
 * be a non-blank string without control characters that fits the idempotency key column. It must
 * also be Unicode text: a JSON escape can name half a surrogate pair ({@code "\ud800"}), which
 * no database column stores as such (it becomes {@code ?}), so two different ids would become one.
 * Optional fields of the wrong type or size, or not Unicode text, are left out of the columns
 * (the raw JSON keeps them) instead of refusing a signed event; {@code timestamp} is the exception:
 * it is the event's signed time, which must be an RFC 3339 time when present and no older than
 * {@code router.webhook.max-event-age} ({@link EventAge}).
 * The message body becomes the JSON text, without BOM, as it is stored in the inbox.
 */
public class EnvelopeParser implements Processor {

    /** Width of {@code CAMEL_MESSAGEPROCESSED.messageId} and {@code inbox_event.event_id}. */
    static final int MAX_ID_LENGTH = 100;
    static final int MAX_OPTIONAL_LENGTH = 255;

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    private final EventAge age;

    public EnvelopeParser(EventAge age) {
        this.age = age;
    }

    @Override
    public void process(Exchange exchange) {
        byte[] body = exchange.getIn().getBody(byte[].class);
        try {
            String json = decodeUtf8(body == null ? new byte[0] : body);
            JsonNode envelope = parse(json);
            String eventId = requiredText(envelope, "event_id");
            exchange.setProperty(EventKeys.EVENT_ID, EventIds.stored(InboxEvent.LEGACY_SOURCE, eventId));
            exchange.setProperty(IntakeKeys.SOURCE_EVENT_ID, eventId);
            exchange.setProperty(EventKeys.EVENT_TYPE, EventTypeFormat.checked(requiredString(envelope, "event"), "event"));
            exchange.setProperty(EventKeys.CHANNEL_ID, optionalText(envelope, "channel_id"));
            String timestamp = EventAge.rfc3339(envelope, "timestamp", "timestamp");
            age.check("timestamp", timestamp);
            exchange.setProperty(EventKeys.EVENT_TIMESTAMP, timestamp);
            exchange.getIn().setBody(json);
        } catch (WebhookRejection rejection) {
            exchange.setException(rejection);
        }
    }

    private static String decodeUtf8(byte[] body) {
        int start = body.length >= 3 && (body[0] & 0xFF) == 0xEF && (body[1] & 0xFF) == 0xBB && (body[2] & 0xFF) == 0xBF ? 3 : 0;
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body, start, body.length - start))
                    .toString();
        } catch (CharacterCodingException e) {
            throw invalid("invalid_json", "body is not valid UTF-8");
        }
    }

    private static JsonNode parse(String json) {
        JsonNode node;
        try {
            node = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw invalid("invalid_json", "body is not valid JSON");
        }
        if (node == null || !node.isObject()) {
            throw invalid("invalid_json", "body must be a JSON object");
        }
        return node;
    }

    private static String requiredText(JsonNode envelope, String field) {
        String value = requiredString(envelope, field);
        if (hasControlCharacter(value)) {
            throw invalid("invalid_envelope", field + " must not contain control characters");
        }
        if (hasLoneSurrogate(value)) {
            throw invalid("invalid_envelope", field + " must be Unicode text (it has half a surrogate pair)");
        }
        if (value.length() > MAX_ID_LENGTH) {
            throw invalid("invalid_envelope", field + " is longer than " + MAX_ID_LENGTH + " characters");
        }
        return value;
    }

    private static String requiredString(JsonNode envelope, String field) {
        JsonNode value = envelope.get(field);
        if (value == null || value.isNull()) {
            throw invalid("invalid_envelope", field + " is missing");
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            throw invalid("invalid_envelope", field + " must be a non-empty string");
        }
        return value.asText();
    }

    private static String optionalText(JsonNode envelope, String field) {
        JsonNode value = envelope.get(field);
        if (value == null || !value.isTextual() || value.asText().length() > MAX_OPTIONAL_LENGTH
                || hasControlCharacter(value.asText()) || hasLoneSurrogate(value.asText())) {
            return null;
        }
        return value.asText();
    }

    private static boolean hasControlCharacter(String text) {
        return text.chars().anyMatch(Character::isISOControl);
    }

    private static boolean hasLoneSurrogate(String text) {
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

    private static WebhookRejection invalid(String reason, String message) {
        return new WebhookRejection(400, reason, message);
    }
}
