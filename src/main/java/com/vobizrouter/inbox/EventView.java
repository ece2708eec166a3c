package com.vobizrouter.inbox;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * An inbox event as dispatch and the sinks read it, whatever source it came from: the SPEC's
 * envelope ({@code event}, {@code timestamp}, {@code channel_id}, {@code data}) whose
 * {@code data} fields the sink mappings know.
 *
 * <p>Why this shape: every profile can say what its events mean in the SPEC's fields (a Vobiz
 * {@code message.inbound} is a {@code message.received} with a message id, a sender and a text),
 * so a new profile is a mapping written at intake and the sinks stay as they are. For a source in
 * the SPEC's format the stored payload already is the view, so nothing is stored twice and intake
 * does no extra work for it; the other profiles store their view next to the payload as sent
 * ({@code inbox_event.normalised}), with these fields besides the envelope:
 * {@value #SOURCE_EVENT} and {@value #SOURCE_EVENT_ID} (the type and id as the sender gave them)
 * and {@value #CONVERSATION} (which conversation a customer message belongs to). Those are read
 * only from a view the router wrote, never from a sender's payload.
 */
public final class EventView {

    public static final String TYPE = "event";
    public static final String TIMESTAMP = "timestamp";
    public static final String CHANNEL = "channel_id";
    public static final String DATA = "data";
    public static final String SOURCE_EVENT = "source_event";
    public static final String SOURCE_EVENT_ID = "source_event_id";
    public static final String CONVERSATION = "conversation_id";

    /**
     * Deepest nesting a view may have: what a sender's JSON may have (Jackson's default limit,
     * which intake enforces) and room for the levels a view adds around the sender's data.
     */
    public static final int MAX_DEPTH = StreamReadConstraints.DEFAULT_MAX_DEPTH + 16;

    private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build()).build()).build();

    private final JsonNode json;
    private final boolean written;
    private final String eventType;

    private EventView(JsonNode json, boolean written, String eventType) {
        this.json = json;
        this.written = written;
        this.eventType = eventType;
    }

    /**
     * The view of a stored event.
     *
     * @throws IllegalArgumentException when the stored JSON cannot be read as an object
     */
    public static EventView of(InboxEvent event) {
        boolean written = event.view() != null;
        String text = written ? event.view() : event.payload();
        JsonNode json;
        try {
            json = MAPPER.readTree(text == null ? "" : text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("event JSON unreadable: " + e.getOriginalMessage(), e);
        }
        if (json == null || !json.isObject()) {
            throw new IllegalArgumentException("event JSON is not an object");
        }
        return new EventView(json, written, event.eventType());
    }

    /** The whole view: {@code data} holds the fields the sinks map. */
    public JsonNode json() {
        return json;
    }

    public String messageId() {
        return text(json, DATA, "message_id");
    }

    public String contactId() {
        return text(json, DATA, "contact", "id");
    }

    /**
     * The conversation a customer message belongs to: what the router wrote for it, else (the
     * SPEC's format) the contact id, else the sender's number.
     */
    public String conversation() {
        String conversation = written ? text(json, CONVERSATION) : null;
        if (conversation != null) {
            return conversation;
        }
        String contact = contactId();
        return contact != null ? contact : text(json, DATA, "from");
    }

    /** The type as the sender named it. */
    public String sourceEventType() {
        String type = written ? text(json, SOURCE_EVENT) : null;
        return type != null ? type : eventType;
    }

    /** The text at a path of field names, or null when a step is missing or the value is not a non-blank scalar. */
    private static String text(JsonNode node, String... path) {
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
}
