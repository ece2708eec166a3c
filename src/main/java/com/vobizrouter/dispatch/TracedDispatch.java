package com.vobizrouter.dispatch;

import io.micrometer.tracing.Span;

import org.apache.camel.Exchange;

import com.vobizrouter.inbox.EventTraces;
import com.vobizrouter.inbox.InboxEvent;
import com.vobizrouter.inbox.TracedSteps;

/**
 * The dispatch span of an event (tracing on; the {@code policy} step of {@code dispatch-event},
 * bean {@value #BEAN}): each dispatch of a claimed event continues the trace its webhook began
 * (the {@code traceparent} stored with its inbox row), open on the dispatch thread while the
 * event's steps run, so that its deliveries are its children and its log lines carry the trace id.
 */
public final class TracedDispatch extends TracedSteps {

    /** The bean name the route refers to. */
    public static final String BEAN = "tracedDispatch";

    public TracedDispatch(EventTraces traces) {
        super(traces);
    }

    @Override
    protected Span begin(Exchange exchange) {
        InboxEvent event = exchange.getIn().getBody(InboxEvent.class);
        return event == null ? null : traces.dispatch(event);
    }
}
