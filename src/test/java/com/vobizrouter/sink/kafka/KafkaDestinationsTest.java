package com.vobizrouter.sink.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.vobizrouter.dispatch.DispatchKeys;
import com.vobizrouter.dispatch.Mapping;
import com.vobizrouter.dispatch.MappingException;
import com.vobizrouter.dispatch.Mappings;
import com.vobizrouter.inbox.EventKeys;
import com.vobizrouter.inbox.EventView;
import com.vobizrouter.inbox.InboxEvent;
import com.vobizrouter.testsupport.StubBudgets;
import org.apache.camel.Exchange;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

/**
 * The record {@link KafkaDestinations} makes of an event: the key, the value, the two record
 * headers and nothing else of the exchange; with a mapping and a key mapping, what they give.
 */
class KafkaDestinationsTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String PAYLOAD = "{\"event\":\"message.received\",\"event_id\":\"evt_42\",\"data\":{\"text\":\"grüße\","
            + "\"contact\":{\"id\":\"c-7\"},\"n\":3}}";

    private final StubBudgets budgets = new StubBudgets();
    private final KafkaDestinations destinations = new KafkaDestinations(List.of(
            new KafkaDestination("ledger", "kafka-1:9092,kafka-2:9092", "router.events"),
            new KafkaDestination("contacts", "kafka-1:9092", "contacts"),
            new KafkaDestination("counts", "kafka-1:9092", "counts"),
            new KafkaDestination("nokey", "kafka-1:9092", "nokey")), budgets, new Mappings(Map.of(
                    "contacts", Map.of(Mappings.BODY, mapping("{text: .data.text, id: $event_id}"), Mappings.KEY, mapping(".data.contact.id")),
                    "counts", Map.of(Mappings.KEY, mapping("{n: .data.n}")),
                    "nokey", Map.of(Mappings.KEY, mapping(".data.missing"))), MAPPER), MAPPER);

    @Test
    void withoutMappingsTheKeyIsTheEventIdTheValueTheEventAsStoredAndOnlyTwoHeadersAreLeft() {
        Exchange exchange = record("ledger");

        assertThat(exchange.getMessage().getBody(byte[].class)).isEqualTo(PAYLOAD.getBytes(StandardCharsets.UTF_8));
        assertThat(exchange.getMessage().getHeaders()).containsOnly(Map.entry(KafkaConstants.KEY, "vobiz:evt_42"),
                Map.entry("event-id", "vobiz:evt_42"), Map.entry("event-type", "message.received"));
        assertThat(exchange.getProperty(KafkaDestinations.ENDPOINT, String.class)).isEqualTo(KafkaDestinations.endpointUri(
                new KafkaDestination("ledger", "kafka-1:9092,kafka-2:9092", "router.events")));
        assertThat(exchange.getProperty(KafkaDestinations.ENDPOINT, String.class)).startsWith("kafka:router.events?brokers=kafka-1:9092,kafka-2:9092&");
        assertThat(exchange.getProperty(DispatchKeys.SINK, String.class)).isEqualTo("ledger");
        assertThat(budgets.taken).containsExactly("ledger");
    }

    @Test
    void aMappingGivesTheValueAsUtf8JsonAndATextKeyIsTakenAsItsText() throws Exception {
        Exchange exchange = record("contacts");

        assertThat(MAPPER.readTree(exchange.getMessage().getBody(byte[].class)))
                .isEqualTo(MAPPER.readTree("{\"text\":\"grüße\",\"id\":\"vobiz:evt_42\"}"));
        assertThat(new String(exchange.getMessage().getBody(byte[].class), StandardCharsets.UTF_8)).contains("grüße");
        assertThat(exchange.getMessage().getHeader(KafkaConstants.KEY)).isEqualTo("c-7");
        assertThat(exchange.getMessage().getHeader("event-id")).isEqualTo("vobiz:evt_42");
    }

    @Test
    void aKeyThatIsNotTextIsItsJson() {
        assertThat(record("counts").getMessage().getHeader(KafkaConstants.KEY)).isEqualTo("{\"n\":3}");
    }

    @Test
    void aKeyMappingThatGivesNullIsRefusedBeforeTheBudgetIsTouched() {
        assertThatThrownBy(() -> record("nokey")).isInstanceOf(MappingException.class).hasMessageContaining("gave null");
        assertThat(budgets.taken).isEmpty();
    }

    private Exchange record(String destination) {
        InboxEvent event = new InboxEvent(42, "vobiz:evt_42", "message.received", "ch_1", "2026-12-07T10:00:00Z", Instant.now(), 0,
                PAYLOAD, "claim");
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.setProperty(KafkaDestinations.DESTINATION, destination);
        exchange.setProperty(DispatchKeys.EVENT, event);
        exchange.setProperty(EventKeys.VIEW, EventView.of(event, MAPPER));
        exchange.getMessage().setBody("something else");
        exchange.getMessage().setHeader("X-Leaked", "from the sender");
        exchange.getMessage().setHeader(KafkaConstants.OVERRIDE_TOPIC, "elsewhere");
        exchange.getMessage().setHeader(KafkaConstants.PARTITION_KEY, 3);
        destinations.record(exchange);
        return exchange;
    }

    private static Mapping mapping(String program) {
        return Mapping.compile(program, MAPPER);
    }
}
