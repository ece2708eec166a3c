package com.vobizrouter.inbox;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;

import org.apache.camel.Exchange;
import org.apache.camel.NamedNode;
import org.apache.camel.Processor;
import org.apache.camel.Route;
import org.apache.camel.spi.Policy;

/**
 * Steps run inside a span of the event's trace (a Camel {@code policy}): the span begins before
 * them, is open on their thread while they run (their log lines carry its ids, the spans they
 * start are its children), and ends after them, marked failed when they failed. With tracing off
 * the steps are left as they are, at no cost.
 */
public abstract class TracedSteps implements Policy {

    protected final EventTraces traces;

    protected TracedSteps(EventTraces traces) {
        this.traces = traces;
    }

    /** The span the steps run in, started; null for none. */
    protected abstract Span begin(Exchange exchange);

    /** Tags what the steps made of the exchange, before the span ends. */
    protected void ended(Span span, Exchange exchange) {
        // Nothing by default.
    }

    @Override
    public void beforeWrap(Route route, NamedNode definition) {
        // Nothing to change in the definition.
    }

    @Override
    public Processor wrap(Route route, Processor processor) {
        if (!traces.on()) {
            return processor;
        }
        return exchange -> {
            Span span = begin(exchange);
            try (Tracer.SpanInScope scope = traces.open(span)) {
                processor.process(exchange);
            } finally {
                if (span != null) {
                    ended(span, exchange);
                }
                EventTraces.end(span, exchange.getException());
            }
        };
    }
}
