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

    private Mapping get(String destination, String key) {
        Map<String, Mapping> mappings = byDestination.get(destination);
        return mappings == null ? null : mappings.get(key);
    }
}
