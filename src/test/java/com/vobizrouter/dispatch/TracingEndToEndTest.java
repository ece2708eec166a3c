package com.vobizrouter.dispatch;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.vobizrouter.testsupport.FakeBusinessSystems;
import com.vobizrouter.testsupport.RouterTest;
import com.vobizrouter.testsupport.WebhookClient;
import com.vobizrouter.testsupport.WithFakeBusinessSystems;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;

/**
 * Traces switched on ({@code management.tracing.enabled=true}), end to end with the real
 * OpenTelemetry SDK: spans go to an in-memory exporter and, by OTLP over HTTP, to a fake
 * collector. One trace per event: the webhook's span is its root (a sender's trace headers are
 * never joined), each dispatch continues it from the {@code traceparent} stored with the inbox
 * row, each delivery is a child of its dispatch, and an http destination is sent the delivery's
 * {@code traceparent}. The event's log lines carry its trace id. Subclasses choose the database.
 */
@RouterTest({
    "router.webhook.secrets=whsec_tracing",
    "router.dispatch.initial-backoff=200ms",
    "router.dispatch.max-backoff=400ms",
    "router.dispatch.poll-interval=50",
    "router.events.enabled=contact.updated,message.received,message.sent,message.delivered,message.read,message.failed,"
            + "campaign.completed,order.shipped",
    "router.destinations.chatbot.kind=http",
    "router.destinations.chatbot.url=${camel.component.zendesk.server-url}/chatbot",
    "router.destinations.chatbot.events=order.*",
    "management.tracing.enabled=true",
    "management.tracing.sampling.probability=1.0",
    "management.tracing.opentelemetry.export.schedule-delay=100ms",
    "management.otlp.tracing.endpoint=${camel.component.zendesk.server-url}/v1/traces",
    "logging.level.com.vobizrouter=INFO"
})
@WithFakeBusinessSystems
@AutoConfigureObservability(metrics = false, tracing = true)
@Import(TracingEndToEndTest.Exporter.class)
@ExtendWith(OutputCaptureExtension.class)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
abstract class TracingEndToEndTest {

    /** Every span the router ends, kept in memory beside the OTLP export. */
    @TestConfiguration(proxyBeanMethods = false)
    static class Exporter {
        @Bean
        InMemorySpanExporter inMemorySpanExporter() {
            return InMemorySpanExporter.create();
        }
    }

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    InMemorySpanExporter spans;

    FakeBusinessSystems fakes;

    WebhookClient vobiz;

    @BeforeEach
    void answers() {
        fakes.standardAnswers();
        fakes.server().stubFor(post(urlPathEqualTo("/chatbot")).willReturn(aResponse().withStatus(200)));
        fakes.server().stubFor(post(urlPathEqualTo("/v1/traces")).willReturn(aResponse().withStatus(200)));
    }

    @Test
    void anEventsTraceRunsFromItsWebhookThroughItsDispatchToEachDeliveryAndOnToAnHttpDestination(CapturedOutput output) {
        String id = "evt_" + UUID.randomUUID();
        assertThat(vobiz.post(order(id)).body()).contains("\"accepted\"");
        awaitInbox("vobiz:" + id, "DONE");

        SpanData webhook = awaitSpan(span -> span.getName().equals("webhook vobiz") && ("vobiz:" + id).equals(storedTraceParentOwner(span)));
        String trace = webhook.getTraceId();
        assertThat(webhook.getKind()).isEqualTo(SpanKind.SERVER);
        assertThat(webhook.getParentSpanContext().isValid()).as("a root span").isFalse();
        assertThat(webhook.getAttributes().asMap().toString()).contains("router.outcome=accepted", "http.response.status_code=200");

        SpanData dispatch = awaitSpan(span -> span.getTraceId().equals(trace) && span.getName().equals("dispatch order.shipped"));
        assertThat(dispatch.getParentSpanId()).as("continued from the inbox row").isEqualTo(webhook.getSpanId());
        assertThat(dispatch.getAttributes().asMap().toString()).contains("router.event_id=" + com.vobizrouter.inbox.Masking.text("vobiz:" + id));

        SpanData chatbot = awaitSpan(span -> span.getTraceId().equals(trace) && span.getName().equals("deliver chatbot"));
        SpanData analytics = awaitSpan(span -> span.getTraceId().equals(trace) && span.getName().equals("deliver analytics"));
        assertThat(List.of(chatbot.getParentSpanId(), analytics.getParentSpanId())).containsOnly(dispatch.getSpanId());
        assertThat(chatbot.getStatus().getStatusCode()).isNotEqualTo(StatusCode.ERROR);

        List<LoggedRequest> sent = fakes.posts("/chatbot", "vobiz:" + id);
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).getHeader("traceparent")).isEqualTo("00-" + trace + "-" + chatbot.getSpanId() + "-01");

        assertThat(output.getAll()).as("the event's intake log line names its webhook span")
                .contains("[" + trace + "-" + webhook.getSpanId() + "] com.vobizrouter.intake");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(fakes.server().findAll(postRequestedFor(urlPathEqualTo("/v1/traces"))))
                .as("spans exported by OTLP over HTTP").isNotEmpty());
    }

    @Test
    void aSendersTraceHeadersAreNeverJoined() {
        String id = "evt_" + UUID.randomUUID();
        String theirs = "4bf92f3577b34da6a3ce929d0e0e4736";
        vobiz.send(vobiz.signed(order(id).getBytes(java.nio.charset.StandardCharsets.UTF_8), "application/json")
                .header("traceparent", "00-" + theirs + "-00f067aa0ba902b7-01").header("tracestate", "vendor=hostile"));
        awaitInbox("vobiz:" + id, "DONE");

        String stored = storedTraceParent("vobiz:" + id);
        assertThat(stored).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01").doesNotContain(theirs);
        assertThat(fakes.posts("/chatbot", "vobiz:" + id).get(0).getHeader("traceparent")).doesNotContain(theirs);
        assertThat(fakes.posts("/chatbot", "vobiz:" + id).get(0).getHeader("tracestate")).isNull();
        assertThat(spans.getFinishedSpanItems()).noneMatch(span -> span.getTraceId().equals(theirs));
    }

    @Test
    void aRetriedDeliveryIsAnotherDispatchOfTheSameTraceAndTheFailedAttemptIsMarkedWithoutItsMessage(CapturedOutput output) {
        fakes.server().stubFor(post(urlPathEqualTo("/chatbot")).atPriority(1).inScenario("retry").whenScenarioStateIs(Scenario.STARTED)
                .willSetStateTo("up").willReturn(aResponse().withStatus(503).withBody("upstream said: customer +15550001111 unknown")));
        fakes.server().stubFor(post(urlPathEqualTo("/chatbot")).atPriority(1).inScenario("retry").whenScenarioStateIs("up")
                .willReturn(aResponse().withStatus(200)));
        String id = "evt_" + UUID.randomUUID();
        vobiz.post(order(id));
        awaitInbox("vobiz:" + id, "DONE");

        String trace = storedTraceParent("vobiz:" + id).substring(3, 35);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(inTrace(trace, "dispatch order.shipped")).hasSize(2));
        List<SpanData> deliveries = inTrace(trace, "deliver chatbot");
        assertThat(deliveries).hasSize(2);
        assertThat(deliveries).filteredOn(span -> span.getStatus().getStatusCode() == StatusCode.ERROR).hasSize(1)
                .allSatisfy(failed -> assertThat(failed.getEvents().toString()).doesNotContain("+15550001111").doesNotContain("upstream"));
        SpanData failed = deliveries.stream().filter(span -> span.getStatus().getStatusCode() == StatusCode.ERROR).findFirst().orElseThrow();
        assertThat(output.getAll()).as("the failed attempt's log line names its delivery span")
                .containsPattern("\\[" + trace + "-" + failed.getSpanId() + "\\] com\\.vobizrouter\\.dispatch +: event .* to chatbot failed");
        assertThat(inTrace(trace, "deliver analytics")).as("analytics took it at the first dispatch").hasSize(1);
        assertThat(fakes.posts("/chatbot", "vobiz:" + id)).hasSize(2).allSatisfy(request -> assertThat(request.getHeader("traceparent"))
                .startsWith("00-" + trace + "-"));
    }

    private static String order(String id) {
        return "{\"event\":\"order.shipped\",\"event_id\":\"" + id + "\",\"timestamp\":\"" + Instant.now()
                + "\",\"data\":{\"order_id\":\"ord_5521\"}}";
    }

    private List<SpanData> inTrace(String trace, String name) {
        return spans.getFinishedSpanItems().stream().filter(span -> span.getTraceId().equals(trace) && span.getName().equals(name)).toList();
    }

    private SpanData awaitSpan(java.util.function.Predicate<SpanData> which) {
        return await().atMost(Duration.ofSeconds(10)).until(() -> spans.getFinishedSpanItems().stream().filter(which).findFirst().orElse(null),
                java.util.Objects::nonNull);
    }

    /** The event whose inbox row names this span as its webhook span, if any. */
    private String storedTraceParentOwner(SpanData span) {
        return jdbc.query("SELECT event_id FROM inbox_event WHERE trace_parent = ?", rs -> rs.next() ? rs.getString(1) : null,
                "00-" + span.getTraceId() + "-" + span.getSpanId() + "-01");
    }

    private String storedTraceParent(String eventId) {
        return jdbc.queryForObject("SELECT trace_parent FROM inbox_event WHERE event_id = ?", String.class, eventId);
    }

    private void awaitInbox(String eventId, String status) {
        await().atMost(Duration.ofSeconds(20)).until(() -> status.equals(jdbc.query("SELECT status FROM inbox_event WHERE event_id = ?",
                rs -> rs.next() ? rs.getString(1) : null, eventId)));
    }
}
