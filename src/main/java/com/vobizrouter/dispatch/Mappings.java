package com.vobizrouter.dispatch;

import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.vobizrouter.inbox.EventView;

/**
 * Every destination's mappings by destination and key (bean {@code mappings}): {@code mapping}
 * (what it receives) and, for a {@code kafka} destination, {@code key} (the record key). The
 * sinks ask here; the programs come from configuration ({@code router.destinations.<name>.mapping})
 * only and were compiled at start-up.
 */
public class Mappings {

    /** The key of what a destination receives. */
    public static final String BODY = "mapping";
    /** The key of a Kafka record's key. */
    public static final String KEY = "key";

    private final Map<String, Map<String, Mapping>> byDestination = new TreeMap<>();
    private final ObjectMapper mapper;

    /** @param byDestination destination name to its mappings by key */
    public Mappings(Map<String, Map<String, Mapping>> byDestination, ObjectMapper mapper) {
        byDestination.forEach((name, mappings) -> this.byDestination.put(name, Map.copyOf(mappings)));
        this.mapper = mapper;
    }

    /** Whether the destination has a mapping under this key. */
    public boolean has(String destination, String key) {
        return get(destination, key) != null;
    }

    /**
     * The destination's mapping under this key applied to the event, or null when it has none.
     *
     * @throws MappingException when the mapping fails on this event
     */
    public JsonNode apply(String destination, String key, EventView view) {
        Mapping mapping = get(destination, key);
        return mapping == null ? null : mapping.apply(view, destination, mapper);
    }

    /**
     * What the destination's mapping under this key gives, written as UTF-8 JSON: a request body
     * or a record value; {@code unmapped} as UTF-8 when it has none (the event as stored), the
     * event's view then never read.
     *
     * @throws MappingException when the mapping fails on this event
     */
    public byte[] bytes(String destination, String key, java.util.function.Supplier<EventView> view, String unmapped) {
        Mapping mapping = get(destination, key);
        if (mapping == null) {
            return unmapped.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        JsonNode mapped = mapping.apply(view.get(), destination, mapper);
        try {
            return mapper.writeValueAsBytes(mapped);
        } catch (com.fasterxml.jackson.core.JsonProcessingException impossible) {
            throw new MappingException("the mapping of " + destination + " gave JSON that cannot be written: "
                    + impossible.getOriginalMessage());
        }
    }

    private Mapping get(String destination, String key) {
        Map<String, Mapping> mappings = byDestination.get(destination);
        return mappings == null ? null : mappings.get(key);
    }
}
