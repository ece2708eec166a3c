package com.vobizrouter.inbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

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
     * which intake enforces) and room for the levels a view adds around the sender's data. The
     * application's one {@link ObjectMapper} reads and writes with this limit.
     */
    public static final int MAX_DEPTH = StreamReadConstraints.DEFAULT_MAX_DEPTH + 16;

    private final InboxEvent event;
    private final JsonNode json;
    private final boolean written;

    private EventView(InboxEvent event, JsonNode json, boolean written) {
        this.event = event;
        this.json = json;
        this.written = written;
    }

    /**
     * The view of a stored event, read with the application's {@link ObjectMapper}.
     *
     * @throws IllegalArgumentException when the stored JSON cannot be read as an object
     */
    public static EventView of(InboxEvent event, ObjectMapper mapper) {
        boolean written = event.view() != null;
        String text = written ? event.view() : event.payload();
        JsonNode json;
        try {
            json = mapper.readTree(text == null ? "" : text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("event JSON unreadable: " + e.getOriginalMessage(), e);
        }
        if (json == null || !json.isObject()) {
            throw new IllegalArgumentException("event JSON is not an object");
        }
        return new EventView(event, json, written);
    }

    /** The inbox row the view was read from (ids, type, source, payload as sent). */
    public InboxEvent event() {
        return event;
    }

    /** The whole view: {@code data} holds the fields the sinks map. */
    public JsonNode json() {
        return json;
    }

    /** The text or number at a JSON Pointer into the view ({@code /data/contact/id}), as {@link JsonText#at} reads it. */
    public String text(String pointer) {
        return JsonText.at(json, pointer);
    }

    public String messageId() {
        return text("/data/message_id");
    }

    public String contactId() {
        return text("/data/contact/id");
    }

    /**
     * The conversation a customer message belongs to: what the router wrote for it, else (the
     * SPEC's format) the contact id, else the sender's number.
     */
    public String conversation() {
        String conversation = written ? text("/" + CONVERSATION) : null;
        if (conversation != null) {
            return conversation;
        }
        String contact = contactId();
        return contact != null ? contact : text("/data/from");
    }

    /** The type as the sender named it. */
    public String sourceEventType() {
        String type = written ? text("/" + SOURCE_EVENT) : null;
        return type != null ? type : event.eventType();
    }
}
