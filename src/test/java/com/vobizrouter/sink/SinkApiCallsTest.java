package com.vobizrouter.sink;

import static org.assertj.core.api.Assertions.assertThat;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.vobizrouter.sink.salesforce.SalesforceFailureRules;
import com.vobizrouter.sink.zendesk.ZendeskFailureRules;
import com.vobizrouter.testsupport.SettableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.component.salesforce.api.SalesforceException;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.impl.event.ExchangeSentEvent;
import org.apache.camel.support.DefaultEndpoint;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.zendesk.client.v2.ZendeskResponseException;

/**
 * Pins how a Zendesk endpoint's call, or a call a sink counts itself, is counted in
 * {@code vobiz_sink_api_calls_total}, and in the calls a minute kept for the console.
 */
class SinkApiCallsTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final SettableClock clock = new SettableClock(Instant.parse("2026-03-19T10:30:20Z"));
    private final SinkApiCalls calls = new SinkApiCalls(meters, List.of(new SalesforceFailureRules(), new ZendeskFailureRules()), clock);
    private final DefaultCamelContext camel = new DefaultCamelContext();

    @Test
    void countsACallBySinkOperationAndTheHttpStatusOfARefusal() {
        sent("zendesk://DEFAULT/createComment?inBody=comment", null);
        sent("zendesk://DEFAULT/createComment?inBody=comment",
                new RuntimeCamelException(new ZendeskResponseException(429, "Too Many Requests", "{}")));
        calls.count("salesforce", "upsertContacts", null);
        calls.count("salesforce", "upsertContacts", new RuntimeCamelException(new SalesforceException("down", 503)));
        calls.count("salesforce", "upsertContacts", new SalesforceException("unreachable", 0));

        assertThat(count("zendesk", "createComment", "ok")).isEqualTo(1);
        assertThat(count("zendesk", "createComment", "429")).isEqualTo(1);
        assertThat(count("salesforce", "upsertContacts", "ok")).isEqualTo(1);
        assertThat(count("salesforce", "upsertContacts", "503")).isEqualTo(1);
        assertThat(count("salesforce", "upsertContacts", "error")).isEqualTo(1);
    }

    @Test
    void leavesOutCallsToOtherEndpointsThanZendesks() {
        assertThat(calls.isEnabled(new ExchangeSentEvent(new DefaultExchange(camel), endpoint("direct://zendesk-comment"), 1))).isFalse();
        assertThat(calls.isEnabled(new ExchangeSentEvent(new DefaultExchange(camel), endpoint("salesforce://raw?rawMethod=PATCH"), 1)))
                .as("the Salesforce batcher counts its calls itself").isFalse();
        assertThat(calls.isEnabled(new ExchangeSentEvent(new DefaultExchange(camel), endpoint("zendesk://DEFAULT/getTicketComments"), 1)))
                .isTrue();
    }

    @Test
    void keepsTheCallsOfEachMinuteOldestFirstWithTheCurrentMinuteLast() {
        calls.count("zendesk", "createComment", null);
        clock.advance(Duration.ofSeconds(30));
        calls.count("zendesk", "createComment", new RuntimeCamelException(new ZendeskResponseException(429, "Too Many Requests", "{}")));
        calls.count("salesforce", "upsertContacts", null);
        assertThat(calls.callsPerMinute("zendesk", 3)).as("10:30, counted whatever the answer").containsExactly(0, 0, 2);

        clock.advance(Duration.ofMinutes(2));
        calls.count("zendesk", "createOrUpdateUser", null);
        assertThat(calls.callsPerMinute("zendesk", 4)).as("10:29 to 10:32").containsExactly(0, 2, 0, 1);
        assertThat(calls.callsPerMinute("salesforce", 3)).containsExactly(1, 0, 0);
        assertThat(calls.callsPerMinute("database", 2)).as("a sink never called").containsExactly(0, 0);
    }

    @Test
    void forgetsMinutesOlderThanItKeepsAndReusesTheirPlace() {
        calls.count("zendesk", "createComment", null);
        clock.advance(Duration.ofMinutes(SinkApiCalls.KEPT_MINUTES - 1));
        assertThat(calls.callsPerMinute("zendesk", SinkApiCalls.KEPT_MINUTES)[0]).as("still kept").isEqualTo(1);

        clock.advance(Duration.ofMinutes(1));
        assertThat(calls.callsPerMinute("zendesk", SinkApiCalls.KEPT_MINUTES)).containsOnly(0);
        calls.count("zendesk", "createComment", null);
        calls.count("zendesk", "createComment", null);
        assertThat(calls.callsPerMinute("zendesk", 1)).as("the place of the minute 30 minutes ago, counted from 0").containsExactly(2);

        clock.advance(Duration.ofHours(5));
        assertThat(calls.callsPerMinute("zendesk", SinkApiCalls.KEPT_MINUTES)).containsOnly(0);
        assertThatThrownBy(() -> calls.callsPerMinute("zendesk", SinkApiCalls.KEPT_MINUTES + 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void countsCallsFromManyThreadsWithoutLosingOne() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                done.add(threads.submit(() -> {
                    for (int call = 0; call < 1000; call++) {
                        calls.count("salesforce", "upsertContacts", null);
                    }
                }));
            }
            for (Future<?> each : done) {
                each.get();
            }
        } finally {
            threads.shutdown();
        }
        assertThat(calls.callsPerMinute("salesforce", 1)).containsExactly(4000);
    }

    private void sent(String uri, Exception failure) {
        Exchange exchange = new DefaultExchange(camel);
        exchange.setException(failure);
        calls.notify(new ExchangeSentEvent(exchange, endpoint(uri), 1));
    }

    private double count(String sink, String operation, String status) {
        return meters.get("vobiz.sink.api.calls").tags("sink", sink, "operation", operation, "status", status).counter().count();
    }

    private Endpoint endpoint(String uri) {
        return new DefaultEndpoint(uri, null) {
            @Override
            public Producer createProducer() {
                throw new UnsupportedOperationException();
            }

            @Override
            public Consumer createConsumer(Processor processor) {
                throw new UnsupportedOperationException();
            }
        };
    }
}
