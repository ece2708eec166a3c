package com.vobizrouter.dispatch;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.vobizrouter.inbox.EventView;
import com.vobizrouter.inbox.InboxEvent;
import net.thisptr.jackson.jq.BuiltinFunctionLoader;
import net.thisptr.jackson.jq.JsonQuery;
import net.thisptr.jackson.jq.Scope;
import net.thisptr.jackson.jq.Version;
import net.thisptr.jackson.jq.Versions;
import net.thisptr.jackson.jq.exception.JsonQueryException;

/**
 * What a destination receives, as an engineer wrote it in YAML: a jq program (the language of
 * camel-jq, jackson-jq at jq 1.6) applied to the event's {@link EventView} (the SPEC's envelope,
 * the same for every source: {@code .event}, {@code .timestamp}, {@code .channel_id},
 * {@code .data…}) that yields exactly one JSON value. Besides the input it sees
 * {@code $event_id} (the router's id), {@code $source}, {@code $received_at} (ISO-8601),
 * {@code $destination} and {@code $payload} (the event as the sender sent it, read only when the
 * program names it).
 *
 * <p>A program is compiled once and is immutable; each application gets its own scope, so one
 * mapping serves every dispatch thread. A program that does not compile, or names a function or
 * variable jq does not have, is refused by {@link #compile} (start-up stops naming the key). A
 * program that fails on one event (a type error, {@code error("…")}, no value or more than one)
 * throws {@link MappingException}: retrying cannot help, so that delivery is dead-lettered with
 * the reason.
 */
public final class Mapping {

    /** The jq dialect: the one camel-jq uses. */
    static final Version JQ = Versions.JQ_1_6;

    private static final Scope BUILT_INS = builtIns();

    /** An event every program is tried on once when compiled, to find names jq does not know. */
    private static final String TRIAL = """
            {"event":"message.received","event_id":"evt_1","timestamp":"2026-01-01T00:00:00Z","channel_id":"ch_1",
             "data":{"message_id":"m1","from":"+10000000000","to":"+10000000001","text":"hi","status":"read",
                     "contact":{"id":"cnt_1","name":"A B","phone":"+10000000000","email":"a@example.com"},
                     "error":{"code":1,"message":"x"}}}""";

    private final String text;
    private final JsonQuery query;

    private Mapping(String text, JsonQuery query) {
        this.text = text;
        this.query = query;
    }

    /**
     * Compiles a jq program and tries it once on a sample event.
     *
     * @throws IllegalArgumentException saying what is wrong when it does not compile or names a
     *                                  function or variable that does not exist
     */
    public static Mapping compile(String program, ObjectMapper mapper) {
        if (program == null || program.isBlank()) {
            throw new IllegalArgumentException("is empty: write a jq program, or leave the key out");
        }
        JsonQuery query;
        try {
            query = JsonQuery.compile(program, JQ);
        } catch (JsonQueryException refused) {
            throw new IllegalArgumentException("is not a jq program: " + firstLine(refused.getMessage()));
        }
        Mapping mapping = new Mapping(program, query);
        try {
            JsonNode trial = mapper.readTree(TRIAL);
            mapping.run(trial, "trial", new InboxEvent(0, "evt_1", "message.received", "ch_1", null, null, 0, TRIAL, null, "trial",
                    null), mapper);
        } catch (JsonQueryException failed) {
            String message = failed.getMessage() == null ? "" : failed.getMessage();
            if (message.contains("does not exist") || message.contains("is not defined")) {
                throw new IllegalArgumentException(firstLine(message));
            }
            // Other failures depend on the event's data: the sample event may simply lack what the program reads.
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException(impossible);
        }
        return mapping;
    }

    /**
     * The program's one value for this event.
     *
     * @throws MappingException when the program fails on it, yields nothing or more than one value
     */
    public JsonNode apply(EventView view, String destination, ObjectMapper mapper) {
        List<JsonNode> values;
        try {
            values = run(view.json(), destination, view.event(), mapper);
        } catch (JsonQueryException failed) {
            throw new MappingException("the mapping of " + destination + " failed: " + firstLine(failed.getMessage()));
        }
        if (values.isEmpty()) {
            throw new MappingException("the mapping of " + destination + " gave no value; it must give exactly one");
        }
        return values.get(0);
    }

    private List<JsonNode> run(JsonNode input, String destination, InboxEvent event, ObjectMapper mapper) throws JsonQueryException {
        Scope scope = Scope.newChildScope(BUILT_INS);
        scope.setValue("event_id", text(event.eventId()));
        scope.setValue("source", text(event.source()));
        scope.setValue("received_at", text(event.receivedAt() == null ? null : event.receivedAt().toString()));
        scope.setValue("destination", text(destination));
        Supplier<JsonNode> payload = () -> {
            try {
                return event.payload() == null ? NullNode.getInstance() : mapper.readTree(event.payload());
            } catch (JsonProcessingException unreadable) {
                return NullNode.getInstance();
            }
        };
        scope.setValue("payload", payload);
        List<JsonNode> values = new ArrayList<>(1);
        query.apply(scope, input, value -> {
            if (!values.isEmpty()) {
                throw new JsonQueryException("it gave more than one value; it must give exactly one");
            }
            values.add(value);
        });
        return values;
    }

    private static JsonNode text(String value) {
        return value == null ? NullNode.getInstance() : TextNode.valueOf(value);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        String line = message.strip().lines().findFirst().orElse("");
        return line.length() > 300 ? line.substring(0, 300) + "…" : line;
    }

    private static Scope builtIns() {
        Scope scope = Scope.newEmptyScope();
        BuiltinFunctionLoader.getInstance().loadFunctions(JQ, scope);
        return scope;
    }

    /** The program as written. */
    /** A JSON value's kind as a refusal of what a mapping gave names it: "an object", "text", "nothing"… */
    public static String kind(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "nothing";
        }
        return switch (node.getNodeType()) {
            case OBJECT -> "an object";
            case ARRAY -> "an array";
            case STRING -> "text";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            default -> "a value of another kind";
        };
    }

    @Override
    public String toString() {
        return text;
    }
}
