package com.vobizrouter.inbox;

import java.util.regex.Pattern;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;

/**
 * The trace of each event (when {@code management.tracing.enabled}): one trace from its webhook
 * through the inbox to each delivery.
 *
 * <ul>
 * <li>Intake begins it: {@link #webhook} is a new root span for the request, whatever trace
 * headers the sender sent (they are never read: a sender must not choose or join the router's
 * traces). Its W3C {@code traceparent} ({@link #traceParent}) is stored with the event's inbox row.
 * <li>Each dispatch of the event continues it ({@link #dispatch}): a child of that stored context,
 * so a retry an hour later is in the same trace.
 * <li>Each delivery is a child of its dispatch ({@link #delivery}); an {@code http} destination
 * is sent its {@code traceparent} ({@link #currentTraceParent}).
 * </ul>
 *
 * <p>While a span is open on a thread ({@link #open}) its trace and span ids are in the logging
 * context (MDC {@code traceId}, {@code spanId}), so every log line of the event carries them.
 * Spans carry the router's names and ids (source, event id masked as in the logs, type,
 * destination, outcome), never a sender's text. With tracing off ({@link #OFF}) nothing is started and nothing is stored.
 */
public final class EventTraces {

    /** Tracing off: no span, no scope, no stored context. */
    public static final EventTraces OFF = new EventTraces(null);

    private static final Pattern TRACE_PARENT = Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-0([01])");
    private static final Tracer.SpanInScope NO_SCOPE = () -> {
    };

    private final Tracer tracer;

    /** @param tracer the tracer spans are made with; null for {@link #OFF} */
    public EventTraces(Tracer tracer) {
        this.tracer = tracer;
    }

    /** Whether events are traced. */
    public boolean on() {
        return tracer != null;
    }

    /** A new trace for a webhook request to {@code source} (a root span, started); null when off. */
    public Span webhook(String source) {
        if (tracer == null) {
            return null;
        }
        return tracer.spanBuilder().setNoParent().name("webhook " + source).kind(Span.Kind.SERVER)
                .tag("router.source", source).start();
    }

    /**
     * A dispatch of a stored event (started): the child of the webhook span its {@code traceparent}
     * names, or a new root when it has none (stored while tracing was off, or unreadable). Null when off.
     */
    public Span dispatch(InboxEvent event) {
        if (tracer == null) {
            return null;
        }
        Span.Builder builder = tracer.spanBuilder().name("dispatch " + event.eventType()).kind(Span.Kind.CONSUMER);
        TraceContext parent = parse(event.traceParent());
        if (parent != null) {
            builder.setParent(parent);
        } else {
            builder.setNoParent();
        }
        // The event id as the log lines show it: a phone number or WhatsApp id a sender put in it is masked.
        return builder.tag("router.event_id", Masking.text(event.eventId())).tag("router.event_type", event.eventType())
                .tag("router.source", event.source() == null ? "" : event.source())
                .tag("router.attempt", Integer.toString(event.attempts() + 1)).start();
    }

    /** A delivery to {@code destination} (started), the child of the span open on this thread; null when off. */
    public Span delivery(String destination) {
        if (tracer == null) {
            return null;
        }
        // No parent set: the span open on this thread is its parent.
        return tracer.spanBuilder().name("deliver " + destination).kind(Span.Kind.PRODUCER).tag("router.destination", destination).start();
    }

    /** Makes {@code span} the current one on this thread (and its ids the logging context's) until the scope is closed. */
    public Tracer.SpanInScope open(Span span) {
        return tracer == null || span == null ? NO_SCOPE : tracer.withSpan(span);
    }

    /** The W3C {@code traceparent} of {@code span}; null for none. */
    public static String traceParent(Span span) {
        if (span == null) {
            return null;
        }
        TraceContext context = span.context();
        return "00-" + context.traceId() + "-" + context.spanId() + "-" + (Boolean.TRUE.equals(context.sampled()) ? "01" : "00");
    }

    /** The W3C {@code traceparent} of the span open on this thread; null when off or none is open. */
    public String currentTraceParent() {
        return tracer == null ? null : traceParent(tracer.currentSpan());
    }

    /**
     * Ends {@code span} (null: nothing), marked failed by {@code failure} when there is one. Only
     * the failure's class is recorded: its message may quote what a sender or a business system
     * sent, which stays in the router's own records.
     */
    public static void end(Span span, Throwable failure) {
        if (span == null) {
            return;
        }
        if (failure != null) {
            span.error(new Failed(failure));
        }
        span.end();
    }

    /** A failure as a span records it: its class name, no message, no stack. */
    static final class Failed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Failed(Throwable failure) {
            super(failure.getClass().getName(), null, false, false);
        }
    }

    private TraceContext parse(String traceParent) {
        if (traceParent == null) {
            return null;
        }
        var matcher = TRACE_PARENT.matcher(traceParent);
        if (!matcher.matches() || matcher.group(1).equals("0".repeat(32)) || matcher.group(2).equals("0".repeat(16))) {
            return null;
        }
        return tracer.traceContextBuilder().traceId(matcher.group(1)).spanId(matcher.group(2))
                .sampled("1".equals(matcher.group(3))).build();
    }
}
