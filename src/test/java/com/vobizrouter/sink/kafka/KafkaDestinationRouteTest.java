package com.vobizrouter.sink.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.vobizrouter.dispatch.DispatchKeys;
import com.vobizrouter.dispatch.Failure;
import com.vobizrouter.dispatch.FailureClassifier;
import com.vobizrouter.dispatch.Mapping;
import com.vobizrouter.dispatch.MappingException;
import com.vobizrouter.dispatch.Mappings;
import com.vobizrouter.dispatch.SinkParkedException;
import com.vobizrouter.dispatch.SinkPausedException;
import com.vobizrouter.inbox.EventKeys;
import com.vobizrouter.inbox.EventView;
import com.vobizrouter.inbox.InboxEvent;
import com.vobizrouter.testsupport.StubBudgets;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.kafka.KafkaConfiguration;
import org.apache.camel.component.kafka.KafkaEndpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The route of routes/kafka-destination.camel.yaml, as written, in a plain Camel context with the
 * real camel-kafka and no broker: each destination's producer settings, and what happens when
 * the broker cannot be reached, the budget is spent, the destination is gone or the mapping
 * fails. What reaches a real broker is {@link KafkaDestinationEndToEndTest}'s.
 */
class KafkaDestinationRouteTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String PAYLOAD = "{\"event\":\"message.received\",\"data\":{\"text\":\"hello\"}}";

    private final StubBudgets budgets = new StubBudgets();
    private final SinkDone inboxDispatcher = new SinkDone();
    private final FailureClassifier classifier = new FailureClassifier(List.of(new KafkaFailureRules()));
    private DefaultCamelContext camel;
    private ProducerTemplate producer;
    private KafkaDestinations destinations;

    /** Stands in for inboxDispatcher: counts the deliveries that reached the end of the route. */
    public static class SinkDone {
        final List<String> done = new ArrayList<>();

        public synchronized void sinkDone(Exchange exchange) {
            done.add(exchange.getProperty(DispatchKeys.SINK, String.class));
        }
    }

    @BeforeEach
    void start() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        Mappings mappings = new Mappings(Map.of("broken", Map.of(Mappings.BODY, Mapping.compile("error(\"refused\")", MAPPER))),
                MAPPER);
        destinations = new KafkaDestinations(List.of(new KafkaDestination("ledger", "127.0.0.1:" + closed, "router.events"),
                new KafkaDestination("broken", "127.0.0.1:" + closed, "router.events")), budgets, mappings, MAPPER);
        camel = new DefaultCamelContext();
        camel.getRegistry().bind(KafkaDestinations.BEAN, destinations);
        camel.getRegistry().bind("inboxDispatcher", inboxDispatcher);
        var loader = PluginHelper.getRoutesLoader(camel);
        var resources = PluginHelper.getResourceLoader(camel);
        loader.loadRoutes(resources.resolveResource("file:routes/sink-errors.camel.yaml"),
                resources.resolveResource("file:routes/kafka-destination.camel.yaml"));
        camel.start();
        producer = camel.createProducerTemplate();
    }

    @AfterEach
    void stop() {
        camel.stop();
    }

    @Test
    void eachDestinationsProducerIsIdempotentWaitsForEveryReplicaAndGivesUpWithinSeconds() {
        KafkaEndpoint endpoint = camel.getEndpoint(destinations.endpointUri("ledger"), KafkaEndpoint.class);
        KafkaConfiguration configuration = endpoint.getConfiguration();

        assertThat(configuration.getTopic()).isEqualTo("router.events");
        assertThat(configuration.getBrokers()).startsWith("127.0.0.1:");
        assertThat(configuration.isEnableIdempotence()).isTrue();
        assertThat(configuration.getRequestRequiredAcks()).isEqualTo("all");
        assertThat(configuration.isSynchronous()).as("the route goes on once the broker acknowledged").isTrue();
        assertThat(configuration.getMaxBlockMs()).isEqualTo(5000);
        assertThat(configuration.getRequestTimeoutMs()).isEqualTo(5000);
        assertThat(configuration.getDeliveryTimeoutMs()).isEqualTo(10000);
        assertThat(configuration.getValueSerializer()).isEqualTo("org.apache.kafka.common.serialization.ByteArraySerializer");
        assertThat(destinations.endpointUri("nobody")).isNull();
    }

    @Test
    void aBrokerThatCannotBeReachedFailsTheAttemptWithinSecondsAsTransient() {
        long started = System.nanoTime();

        Exchange exchange = deliver("ledger");

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15));
        Failure failure = classifier.classify(exchange.getException());
        assertThat(failure.kind()).isEqualTo(Failure.Kind.TRANSIENT);
        assertThat(failure.reason()).startsWith("kafka: TimeoutException");
        assertThat(budgets.taken).containsExactly("ledger");
        assertThat(inboxDispatcher.done).isEmpty();
    }

    @Test
    void aDestinationWithoutBudgetMakesNoProducer() {
        budgets.empty = true;

        Exchange exchange = deliver("ledger");

        assertThat(exchange.getException()).isInstanceOf(SinkPausedException.class);
        assertThat(classifier.classify(exchange.getException()).kind()).isEqualTo(Failure.Kind.PAUSED);
        assertThat(camel.hasEndpoint(destinations.endpointUri("ledger"))).isNull();
    }

    @Test
    void aDestinationNoLongerConfiguredIsParked() {
        Exchange exchange = deliver("gone");

        assertThat(exchange.getException()).isInstanceOf(SinkParkedException.class);
        assertThat(classifier.classify(exchange.getException()).kind()).isEqualTo(Failure.Kind.PARKED);
        assertThat(budgets.taken).isEmpty();
    }

    @Test
    void aMappingThatFailsOnTheEventIsPermanentAndSpendsNothing() {
        Exchange exchange = deliver("broken");

        assertThat(exchange.getException()).isInstanceOf(MappingException.class);
        Failure failure = classifier.classify(exchange.getException());
        assertThat(failure.kind()).isEqualTo(Failure.Kind.PERMANENT);
        assertThat(failure.reason()).contains("refused");
        assertThat(budgets.taken).isEmpty();
        assertThat(camel.hasEndpoint(destinations.endpointUri("broken"))).isNull();
    }

    private Exchange deliver(String destination) {
        return producer.send("direct:kafka-destination", exchange -> {
            InboxEvent event = new InboxEvent(42, "vobiz:evt_42", "message.received", "ch_1", "2026-12-07T10:00:00Z", Instant.now(), 0,
                    PAYLOAD, "claim");
            exchange.setProperty(KafkaDestinations.DESTINATION, destination);
            exchange.setProperty(DispatchKeys.EVENT, event);
            exchange.setProperty(EventKeys.VIEW, EventView.of(event, MAPPER));
            exchange.getMessage().setBody("something else");
            exchange.getMessage().setHeader("kafka.OVERRIDE_TOPIC", "elsewhere");
        });
    }
}
