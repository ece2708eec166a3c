package com.vobizrouter.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import com.vobizrouter.sink.salesforce.SalesforceFailureRules;
import com.vobizrouter.sink.zendesk.ZendeskFailureRules;
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

/** Pins how a Zendesk endpoint's call, or a call a sink counts itself, is counted in {@code vobiz_sink_api_calls_total}. */
class SinkApiCallsTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final SinkApiCalls calls = new SinkApiCalls(meters, List.of(new SalesforceFailureRules(), new ZendeskFailureRules()));
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
