package com.vobizrouter.sink;

import java.util.List;
import java.util.Set;

import com.vobizrouter.dispatch.FailureRules;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.CamelEvent.ExchangeSentEvent;
import org.apache.camel.support.EventNotifierSupport;

/**
 * Counts every call the router makes to a business system's API,
 * {@code vobiz_sink_api_calls_total{sink,operation,status}}, so that the calls a message costs
 * can be measured: the customer pays for them out of its API limits.
 *
 * <p>Calls through a Camel endpoint of the {@code zendesk} component are counted when Camel
 * reports them sent (the operation is the endpoint's method, such as {@code createComment}); a
 * sink that calls an API another way counts each call itself with
 * {@link #count(String, String, Throwable)}: the Zendesk ticket creation, and the Salesforce
 * batcher once per collection call, after the call rather than on the thread that receives the
 * answer (counted in this notifier, the burst test's batches came out smaller in several runs). The status is {@code ok}, the HTTP status of a
 * refusal (from the sinks' {@link FailureRules}), or {@code error} when no answer came. Logins a
 * component makes on its own are not counted. camel-zendesk answers most calls on a ticket that
 * no longer exists (404) with an empty result, not a failure: such a call counts as {@code ok}.
 */
public class SinkApiCalls extends EventNotifierSupport {

    private static final Set<String> SINKS = Set.of("zendesk");

    private final MeterRegistry meters;
    private final List<FailureRules> failureRules;

    public SinkApiCalls(MeterRegistry meters, List<FailureRules> failureRules) {
        this.meters = meters;
        this.failureRules = failureRules;
        setIgnoreCamelContextEvents(true);
        setIgnoreRouteEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreStepEvents(true);
        setIgnoreExchangeCreatedEvent(true);
        setIgnoreExchangeCompletedEvent(true);
        setIgnoreExchangeFailedEvents(true);
        setIgnoreExchangeRedeliveryEvents(true);
        setIgnoreExchangeSendingEvents(true);
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof ExchangeSentEvent sent && SINKS.contains(scheme(sent.getEndpoint()));
    }

    @Override
    public void notify(CamelEvent event) {
        ExchangeSentEvent sent = (ExchangeSentEvent) event;
        Endpoint endpoint = sent.getEndpoint();
        count(scheme(endpoint), operation(endpoint), sent.getExchange().getException());
    }

    /** One call of {@code sink}'s API: failed with {@code failure}, or succeeded when it is null. */
    public void count(String sink, String operation, Throwable failure) {
        meters.counter("vobiz.sink.api.calls", "sink", sink, "operation", operation, "status", status(failure)).increment();
    }

    private String status(Throwable failure) {
        if (failure == null) {
            return "ok";
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            for (FailureRules rules : failureRules) {
                Integer status = rules.httpStatus(cause);
                if (status != null) {
                    return String.valueOf(status);
                }
            }
        }
        return "error";
    }

    private static String scheme(Endpoint endpoint) {
        String uri = endpoint.getEndpointUri();
        int colon = uri.indexOf(':');
        return colon < 0 ? uri : uri.substring(0, colon);
    }

    /** The last path segment of the endpoint, without options: {@code zendesk://DEFAULT/createComment?…} is createComment. */
    private static String operation(Endpoint endpoint) {
        String uri = endpoint.getEndpointUri();
        int query = uri.indexOf('?');
        String path = query < 0 ? uri : uri.substring(0, query);
        return path.substring(Math.max(path.lastIndexOf('/'), path.indexOf(':')) + 1);
    }
}
