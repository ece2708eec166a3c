package com.vobizrouter.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.vobizrouter.inbox.EventView;
import com.vobizrouter.inbox.InboxEvent;
import org.junit.jupiter.api.Test;

class MappingTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static EventView view(String payload) {
        return EventView.of(new InboxEvent(7, "meta:wamid.1", "message.received", "ch_1", null, Instant.parse("2026-12-07T10:00:00Z"), 0,
                payload, "claim", "meta", null), MAPPER);
    }

    private static final EventView RECEIVED = view("""
            {"event":"message.received","channel_id":"ch_1","data":{"from":"+1 234-567-890","text":"Hello","extra":{"n":3}}}""");

    @Test
    void aProgramMakesOneValueFromTheEventsViewAndTheRoutersVariables() throws Exception {
        Mapping mapping = Mapping.compile("""
                {phone: (.data.from | gsub("[^0-9]"; "")), text: .data.text, id: $event_id, source: $source,
                 at: $received_at, to: $destination, raw: $payload.data.extra.n}""", MAPPER);

        JsonNode mapped = mapping.apply(RECEIVED, "crm", MAPPER);

        assertThat(mapped).isEqualTo(MAPPER.readTree("""
                {"phone":"1234567890","text":"Hello","id":"meta:wamid.1","source":"meta","at":"2026-12-07T10:00:00Z","to":"crm","raw":3}"""));
    }

    @Test
    void aProgramThatDoesNotCompileIsRefusedSayingSo() {
        assertThatThrownBy(() -> Mapping.compile("{text: .data.text", MAPPER)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("is not a jq program");
        assertThatThrownBy(() -> Mapping.compile("  ", MAPPER)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty");
    }

    @Test
    void aProgramNamingAFunctionOrVariableThatDoesNotExistIsRefusedWhenCompiled() {
        assertThatThrownBy(() -> Mapping.compile("{at: (now | todate)}", MAPPER)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("todate/0 does not exist");
        assertThatThrownBy(() -> Mapping.compile("{id: $eventid}", MAPPER)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("$eventid is not defined");
    }

    @Test
    void aProgramThatFailsOnlyOnSomeEventsCompilesAndFailsThoseEventsWithItsReason() {
        Mapping mapping = Mapping.compile("{n: (.data.extra.n + 1)}", MAPPER);

        assertThat(mapping.apply(RECEIVED, "crm", MAPPER).get("n").asInt()).isEqualTo(4);
        assertThatThrownBy(() -> mapping.apply(view("{\"data\":{\"extra\":{\"n\":\"three\"}}}"), "crm", MAPPER))
                .isInstanceOf(MappingException.class).hasMessageStartingWith("the mapping of crm failed: ")
                .hasMessageContaining("cannot be added");
    }

    @Test
    void aProgramMustGiveExactlyOneValue() {
        assertThatThrownBy(() -> Mapping.compile("empty", MAPPER).apply(RECEIVED, "crm", MAPPER)).isInstanceOf(MappingException.class)
                .hasMessageContaining("gave no value");
        assertThatThrownBy(() -> Mapping.compile(".data.text, .data.from", MAPPER).apply(RECEIVED, "crm", MAPPER))
                .isInstanceOf(MappingException.class).hasMessageContaining("more than one value");
        assertThatThrownBy(() -> Mapping.compile("error(\"not for us\")", MAPPER).apply(RECEIVED, "crm", MAPPER))
                .isInstanceOf(MappingException.class).hasMessageContaining("not for us");
    }

    @Test
    void oneCompiledProgramServesManyThreadsAtOnceEachWithItsOwnEvent() throws Exception {
        Mapping mapping = Mapping.compile("{text: .data.text, id: $event_id}", MAPPER);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 2_000; i++) {
                String text = "t" + i;
                EventView view = EventView.of(new InboxEvent(i, "e" + i, "message.received", "ch", null, Instant.EPOCH, 0,
                        "{\"data\":{\"text\":\"" + text + "\"}}", "c", "s", null), MAPPER);
                String id = "e" + i;
                results.add(pool.submit(() -> {
                    JsonNode mapped = mapping.apply(view, "crm", MAPPER);
                    return mapped.get("text").asText().equals(text) && mapped.get("id").asText().equals(id);
                }));
            }
            List<Boolean> right = Collections.synchronizedList(new ArrayList<>());
            for (Future<Boolean> result : results) {
                right.add(result.get());
            }
            assertThat(right).containsOnly(true).hasSize(2_000);
        } finally {
            pool.shutdownNow();
        }
    }
}
