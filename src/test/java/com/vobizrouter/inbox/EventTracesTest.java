package com.vobizrouter.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.otel.bridge.OtelBaggageManager;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link EventTraces} on the OpenTelemetry SDK, without Spring: what each span's parent is, and what a span never holds. */
class EventTracesTest {

    private final InMemorySpanExporter exported = InMemorySpanExporter.create();
    private final SdkTracerProvider provider = SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exported))
            .setSampler(Sampler.parentBased(Sampler.alwaysOn())).build();
    private final OtelCurrentTraceContext current = new OtelCurrentTraceContext();
    private final Tracer tracer = new OtelTracer(provider.get("test"), current, event -> {
    }, new OtelBaggageManager(current, List.of(), List.of()));
    private final EventTraces traces = new EventTraces(tracer);

    @AfterEach
    void close() {
        provider.close();
    }

    @Test
    void aDispatchContinuesTheTraceOfTheWebhookThatStoredTheEvent() {
        Span webhook = traces.webhook("vobiz");
        String stored = EventTraces.traceParent(webhook);
        webhook.end();

        Span dispatch = traces.dispatch(event(stored));
        Span delivery;
        try (Tracer.SpanInScope scope = traces.open(dispatch)) {
            delivery = traces.delivery("chatbot");
            try (Tracer.SpanInScope inner = traces.open(delivery)) {
                assertThat(traces.currentTraceParent()).isEqualTo("00-" + webhook.context().traceId() + "-" + delivery.context().spanId() + "-01");
            }
            delivery.end();
        }
        dispatch.end();

        assertThat(stored).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01");
        SpanData dispatched = span("dispatch message.received");
        assertThat(dispatched.getTraceId()).isEqualTo(webhook.context().traceId());
        assertThat(dispatched.getParentSpanId()).isEqualTo(webhook.context().spanId());
        assertThat(span("deliver chatbot").getParentSpanId()).isEqualTo(dispatched.getSpanId());
        assertThat(traces.currentTraceParent()).as("nothing open once the scopes are closed").isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "garbage", "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01", "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
        "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01"})
    void aStoredTraceparentThatIsNotOneOfOursStartsANewTraceInsteadOfFailingTheDispatch(String stored) {
        traces.dispatch(event(stored)).end();

        assertThat(span("dispatch message.received").getParentSpanContext().isValid()).isFalse();
    }

    @Test
    void aDispatchSpanNamesTheEventWithThePhoneNumberASenderPutInItsIdMasked() {
        InboxEvent event = new InboxEvent(1, "vobiz:evt_+15550001111", "message.received", "ch_1", null, Instant.now(), 0, "{}", "token",
                "vobiz", null, null, null);
        traces.dispatch(event).end();

        assertThat(span("dispatch message.received").getAttributes().asMap().toString()).contains("router.event_id=vobiz:evt_")
                .doesNotContain("15550001111");
    }

    @Test
    void anEventStoredUnsampledIsNotTracedWhenDispatched() {
        traces.dispatch(event("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00")).end();

        assertThat(exported.getFinishedSpanItems()).isEmpty();
    }

    @Test
    void aFailedSpanRecordsTheFailuresClassButNotItsMessage() {
        Span delivery = traces.delivery("chatbot");
        EventTraces.end(delivery, new IllegalStateException("customer +15550001111 said hello"));

        SpanData failed = span("deliver chatbot");
        assertThat(failed.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(failed.getEvents().toString()).contains("java.lang.IllegalStateException").doesNotContain("+15550001111");
    }

    @Test
    void withTracingOffNothingIsStartedOpenedOrStored() {
        EventTraces off = EventTraces.OFF;

        assertThat(off.on()).isFalse();
        assertThat(off.webhook("vobiz")).isNull();
        assertThat(off.dispatch(event("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"))).isNull();
        assertThat(off.delivery("chatbot")).isNull();
        try (Tracer.SpanInScope scope = off.open(null)) {
            assertThat(off.currentTraceParent()).isNull();
        }
        assertThat(EventTraces.traceParent(null)).isNull();
        EventTraces.end(null, new IllegalStateException("nothing to end"));
    }

    private static InboxEvent event(String traceParent) {
        return new InboxEvent(1, "vobiz:evt_1", "message.received", "ch_1", null, Instant.now(), 0, "{}", "token", "vobiz", null, null,
                traceParent);
    }

    private SpanData span(String name) {
        return exported.getFinishedSpanItems().stream().filter(span -> span.getName().equals(name)).findFirst().orElseThrow();
    }
}
