package com.vobizrouter.sink.kafka;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.vobizrouter.dispatch.DispatchKeys;
import com.vobizrouter.dispatch.MappingException;
import com.vobizrouter.dispatch.Mappings;
import com.vobizrouter.dispatch.SinkBudgets;
import com.vobizrouter.dispatch.SinkParkedException;
import com.vobizrouter.inbox.InboxEvent;
import com.vobizrouter.sink.EventJson;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The deliveries of {@code kafka} destinations (route {@code kafka-destination}): one record per
 * event and attempt, to the destination's topic, keyed by the router's event id (or the
 * destination's {@code key} mapping), the event as stored for a value (or the destination's
 * {@code mapping}), and two record headers, {@value #EVENT_ID} and {@value #EVENT_TYPE}.
 *
 * <p>Each destination has a camel-kafka endpoint of its own, and so one Kafka producer, made from
 * its configuration only when this bean is made ({@link #endpointUri(KafkaDestination)}): its
 * brokers, its topic and producer settings that hold for every destination. The producer is
 * idempotent with {@code acks=all}, and sends synchronously: the route goes on, and the delivery
 * is recorded as done, only once the broker acknowledged the record. A broker that cannot be
 * reached fails the attempt within seconds ({@link #MAX_BLOCK_MS}, {@link #DELIVERY_TIMEOUT_MS}),
 * and the dispatcher tries again later with backoff; {@link KafkaFailureRules} says which failures
 * are worth another try.
 */
public class KafkaDestinations {

    /** Exchange property naming the destination to deliver to (read). */
    public static final String DESTINATION = com.vobizrouter.dispatch.Deliveries.DESTINATION;
    /** Exchange property holding the destination's camel-kafka endpoint URI, for the route's {@code toD} (written). */
    public static final String ENDPOINT = "kafkaDestinationEndpoint";
    /** The name this bean is registered under. */
    public static final String BEAN = "kafkaDestinations";
    /** Record header: the router's event id. */
    public static final String EVENT_ID = "event-id";
    /** Record header: the router's event type. */
    public static final String EVENT_TYPE = "event-type";

    /** How long a send may wait for the topic's metadata or for room in the buffer: an unreachable broker fails the attempt then. */
    static final int MAX_BLOCK_MS = 5000;
    /** How long the producer waits for the broker's answer to one request. */
    static final int REQUEST_TIMEOUT_MS = 5000;
    /** How long one record may take from send to acknowledgement, the producer's own retries included. */
    static final int DELIVERY_TIMEOUT_MS = 10000;

    private final Map<String, KafkaDestination> destinations = new LinkedHashMap<>();
    private final Map<String, String> endpoints = new LinkedHashMap<>();
    private final SinkBudgets sinkBudgets;
    private final Mappings mappings;
    private final ObjectMapper mapper;

    public KafkaDestinations(List<KafkaDestination> destinations, SinkBudgets sinkBudgets, Mappings mappings, ObjectMapper mapper) {
        for (KafkaDestination destination : destinations) {
            if (this.destinations.put(destination.name(), destination) != null) {
                throw new IllegalArgumentException("name: two destinations are called " + destination.name());
            }
            endpoints.put(destination.name(), endpointUri(destination));
        }
        this.sinkBudgets = sinkBudgets;
        this.mappings = mappings;
        this.mapper = mapper;
    }

    /**
     * The camel-kafka endpoint of a destination: its topic and brokers, and producer options that
     * hold for every destination. Nothing of an event is ever part of it.
     */
    static String endpointUri(KafkaDestination destination) {
        return "kafka:" + destination.topic()
                + "?brokers=" + destination.brokers()
                + "&requestRequiredAcks=all&enableIdempotence=true&synchronous=true"
                + "&maxBlockMs=" + MAX_BLOCK_MS + "&requestTimeoutMs=" + REQUEST_TIMEOUT_MS
                + "&deliveryTimeoutMs=" + DELIVERY_TIMEOUT_MS + "&lingerMs=0"
                + "&keySerializer=" + StringSerializer.class.getName()
                + "&valueSerializer=" + ByteArraySerializer.class.getName();
    }

    /** The endpoint URI of the named destination, or null when there is none by that name. */
    public String endpointUri(String name) {
        return endpoints.get(name);
    }

    /**
     * Prepares the record for the destination named by exchange property {@value #DESTINATION}
     * and the event in {@link DispatchKeys#EVENT}: takes one from the destination's budget
     * ({@link com.vobizrouter.dispatch.SinkPausedException} when none is left), then clears every
     * header and sets the body (the record value), the record key and the two record headers, and
     * exchange property {@value #ENDPOINT}. Exchange property {@code sink} becomes the
     * destination's name (the dispatcher pauses and reports by it).
     *
     * @throws SinkParkedException when no destination has that name (it was removed from the
     *                             configuration: the event waits until one is configured again)
     */
    public void record(Exchange exchange) {
        String name = exchange.getProperty(DESTINATION, String.class);
        KafkaDestination destination = name == null ? null : destinations.get(name);
        if (destination == null) {
            throw new SinkParkedException(name == null ? "kafka" : name, "no kafka destination of that name is configured");
        }
        InboxEvent event = exchange.getProperty(DispatchKeys.EVENT, InboxEvent.class);
        if (event == null) {
            throw new IllegalStateException("no event to deliver (exchange property " + DispatchKeys.EVENT + ")");
        }
        exchange.setProperty(DispatchKeys.SINK, name);
        byte[] value = value(name, event, exchange);
        String key = key(name, event, exchange);
        sinkBudgets.take(name);

        Message message = exchange.getMessage();
        // Nothing of the exchange reaches the record but what is set here: camel-kafka would copy
        // every other header into the record, and kafka.OVERRIDE_TOPIC would change its topic.
        message.getHeaders().clear();
        message.setBody(value);
        message.setHeader(KafkaConstants.KEY, key);
        message.setHeader(EVENT_ID, event.eventId());
        message.setHeader(EVENT_TYPE, event.eventType());
        exchange.setProperty(ENDPOINT, endpoints.get(name));
    }

    /**
     * The record the destination would get for the event on the exchange, for a dry run: topic,
     * key, headers and value as {@link #record} makes them; no budget is taken and nothing is sent.
     */
    public Map<String, Object> preview(Exchange exchange) throws java.io.IOException {
        String name = exchange.getProperty(DESTINATION, String.class);
        KafkaDestination destination = name == null ? null : destinations.get(name);
        if (destination == null) {
            throw new SinkParkedException(name == null ? "kafka" : name, "no kafka destination of that name is configured");
        }
        InboxEvent event = exchange.getProperty(DispatchKeys.EVENT, InboxEvent.class);
        Map<String, Object> preview = new java.util.LinkedHashMap<>();
        preview.put("topic", destination.topic());
        preview.put("key", key(name, event, exchange));
        preview.put("headers", Map.of(EVENT_ID, event.eventId(), EVENT_TYPE, event.eventType()));
        preview.put("value", mapper.readTree(value(name, event, exchange)));
        return preview;
    }

    /** After the broker acknowledged the record: nothing of the send stays on the exchange. */
    public void sent(Exchange exchange) {
        exchange.getMessage().getHeaders().clear();
        exchange.removeProperty(ENDPOINT);
    }

    /** The record value: the destination's mapping of the event as UTF-8 JSON; the event as stored when it has none. */
    private byte[] value(String name, InboxEvent event, Exchange exchange) {
        return mappings.bytes(name, Mappings.BODY, () -> EventJson.view(exchange), event.payload());
    }

    /**
     * The record key: what the destination's {@code key} mapping gives (a string as its text,
     * anything else as its JSON); the router's event id when it has none. A key mapping that
     * gives null is refused: a record without a key may go to any partition, out of order.
     */
    private String key(String name, InboxEvent event, Exchange exchange) {
        if (!mappings.has(name, Mappings.KEY)) {
            return event.eventId();
        }
        JsonNode mapped = mappings.apply(name, Mappings.KEY, EventJson.view(exchange));
        if (mapped == null || mapped.isNull() || mapped.isMissingNode()) {
            throw new MappingException("the key mapping of " + name + " gave null; a record key must have a value");
        }
        if (mapped.isTextual()) {
            return mapped.textValue();
        }
        try {
            return mapper.writeValueAsString(mapped);
        } catch (JsonProcessingException impossible) {
            throw new MappingException("the key mapping of " + name + " gave JSON that cannot be written: " + impossible.getOriginalMessage());
        }
    }
}
