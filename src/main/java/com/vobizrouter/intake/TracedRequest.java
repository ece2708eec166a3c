package com.vobizrouter.intake;

import io.micrometer.tracing.Span;

import org.apache.camel.Exchange;

import com.vobizrouter.inbox.EventKeys;
import com.vobizrouter.inbox.EventTraces;
import com.vobizrouter.inbox.TracedSteps;

/**
 * The webhook span of a request (tracing on): wraps a source's hand-over to {@code source-intake}
 * in a new trace, open on the request's thread for as long as the route runs, so that its log
 * lines carry the trace id, and puts its {@code traceparent} on the exchange
 * ({@link IntakeKeys#TRACE_PARENT}) for each event stored. The span is tagged with the answer's
 * status and the intake outcome.
 */
public final class TracedRequest extends TracedSteps {

    public TracedRequest(EventTraces traces) {
        super(traces);
    }

    @Override
    protected Span begin(Exchange exchange) {
        Span span = traces.webhook(exchange.getProperty(EventKeys.SOURCE, String.class));
        exchange.setProperty(IntakeKeys.TRACE_PARENT, EventTraces.traceParent(span));
        return span;
    }

    @Override
    protected void ended(Span span, Exchange exchange) {
        Integer status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        span.tag("http.response.status_code", Integer.toString(status == null ? 200 : status));
        String outcome = exchange.getProperty(IntakeKeys.OUTCOME, String.class);
        if (outcome != null) {
            span.tag("router.outcome", outcome);
        }
    }
}
