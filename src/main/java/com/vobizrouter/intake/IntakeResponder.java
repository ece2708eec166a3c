package com.vobizrouter.intake;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.servlet.http.HttpServletRequest;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import com.vobizrouter.inbox.Masking;
import com.vobizrouter.inbox.EventKeys;
import com.vobizrouter.inbox.InboxEvent;

/**
 * Writes every answer of the webhook endpoint and logs one line per request.
 *
 * <p>All request headers are dropped first: platform-http would otherwise copy them into the
 * response, echoing the signature back to the caller. Bodies are built with Jackson so an
 * event id is always correctly escaped. Log lines carry ids, type and outcome, never the body,
 * so phone numbers and message text stay out of the logs; ids are logged through
 * {@link Masking#text}, since a WhatsApp id is the customer's number in base64. Every answer is counted
 * ({@code vobiz_webhooks_total} by outcome, reason and type) and timed
 * ({@code vobiz_webhooks_latency_seconds} by source and outcome, from the start of the route to
 * the answer; Spring's {@code http_server_requests} leaves the webhook paths out, as it cost more
 * CPU per request than the rest of the metrics together), and every refusal recorded in the
 * rejection log. Counts, log lines and rejection records name the source the request was sent
 * to ({@link EventKeys#SOURCE}; {@code vobiz}, the built-in source of {@code router.webhook}, when unset).
 */
public class IntakeResponder {

    private static final Logger LOG = LoggerFactory.getLogger("com.vobizrouter.intake");

    private final RejectionLog rejections;
    private final MeterRegistry meters;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    public IntakeResponder(RejectionLog rejections, MeterRegistry meters) {
        this.rejections = rejections;
        this.meters = meters;
    }

    /**
     * 200 for the events of one request, once all of them are stored. One event is answered
     * {@code {"status": accepted|ignored|duplicate, "event_id": …}} (and {@code "event": <type>}
     * when ignored), with the id as the sender gave it; several (or none) as
     * {@code {"status": …, "events": [{"event_id", "event", "status"}, …]}}, where the status is
     * {@code accepted} when any event was, else {@code ignored} when any was (or there was none),
     * else {@code duplicate} when any was, else {@code stale}. Each event is counted on its own.
     *
     * <p>Events answered {@link EventAnswer#STALE} were not stored: they are counted as rejected
     * ({@code stale_event}) and the request is recorded once in the rejection log. The answer is
     * still 200, also when every event is stale: the others of the request were stored, and the
     * sender has nothing to retry, since a stale event would be refused again.
     */
    public void answer(Exchange exchange, List<EventAnswer> events) {
        String source = source(exchange);
        Map<String, Object> body = new LinkedHashMap<>();
        String overall;
        if (events.size() == 1) {
            EventAnswer only = events.get(0);
            overall = only.outcome();
            body.put("status", overall);
            body.put("event_id", only.eventId());
            if ("ignored".equals(overall)) {
                body.put("event", only.eventType());
            }
        } else {
            overall = events.stream().anyMatch(e -> "accepted".equals(e.outcome())) ? "accepted"
                    : events.isEmpty() || events.stream().anyMatch(e -> "ignored".equals(e.outcome())) ? "ignored"
                    : events.stream().anyMatch(e -> "duplicate".equals(e.outcome())) ? "duplicate" : EventAnswer.STALE;
            body.put("status", overall);
            List<Map<String, Object>> each = new ArrayList<>();
            for (EventAnswer event : events) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("event_id", event.eventId());
                entry.put("event", event.eventType());
                entry.put("status", event.outcome());
                each.add(entry);
            }
            body.put("events", each);
        }
        long stale = events.stream().filter(e -> EventAnswer.STALE.equals(e.outcome())).count();
        if (stale > 0) {
            rejections.record(source, clientIp(exchange), 200, EventAge.STALE, stale + " of " + events.size()
                    + " events older than the source's max-event-age, answered stale and not stored", body(exchange));
        }
        write(exchange, 200, body);
        for (EventAnswer event : events) {
            if (EventAnswer.STALE.equals(event.outcome())) {
                count(source, "rejected", EventAge.STALE, event.countedType());
            } else {
                count(source, event.outcome(), "none", event.countedType());
            }
        }
        time(exchange, overall);
        LOG.info("webhook {} event_id={} type={} source={} events={} ip={} latency_ms={}", overall,
                events.isEmpty() ? "-" : Masking.text(events.get(0).eventId()), events.isEmpty() ? "-" : events.get(0).eventType(),
                source, events.size(), clientIp(exchange), latency(exchange));
    }

    /** 200 with the challenge as plain text: a subscription handshake (GET) that proved the verify token. */
    public void handshake(Exchange exchange, String challenge) {
        Message message = exchange.getMessage();
        message.removeHeaders("*");
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        message.setHeader(Exchange.CONTENT_TYPE, "text/plain; charset=UTF-8");
        message.setHeader("X-Content-Type-Options", "nosniff");
        message.setBody(challenge);
        count(source(exchange), "verified", "none", "none");
        LOG.info("webhook subscription verified source={} ip={}", source(exchange), clientIp(exchange));
    }

    /** The 4xx for a {@link WebhookRejection} caught by the route's error handling. */
    public void reject(Exchange exchange) {
        WebhookRejection rejection = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, WebhookRejection.class);
        rejections.record(source(exchange), clientIp(exchange), rejection.getStatus(), rejection.getReason(), rejection.getMessage(),
                body(exchange));
        write(exchange, rejection.getStatus(), Map.of("error", rejection.getMessage()));
        count(source(exchange), "rejected", rejection.getReason(), "none");
        time(exchange, "rejected");
        if (rejection.getStatus() == 405) {
            exchange.getMessage().setHeader("Allow", "POST");
        }
        LOG.warn("webhook rejected status={} reason={} source={} event_id={} ip={} latency_ms={}", rejection.getStatus(),
                rejection.getReason(), source(exchange), loggedEventId(exchange), clientIp(exchange),
                latency(exchange));
    }

    /**
     * A request refused before the route ran, by the body capture of the source whose path it was
     * sent to: the container has already answered it with {@code status}, so only the log line,
     * the count and the rejection record remain to be done.
     */
    public void refusedBeforeRoute(String source, String clientIp, int status, String reason, String detail, byte[] bodyStart) {
        rejections.record(source, clientIp, status, reason, detail, bodyStart);
        count(source, "rejected", reason, "none");
        LOG.warn("webhook rejected status={} reason={} source={} event_id=- ip={}", status, reason, source, clientIp);
    }

    /** 503 when the event could not be committed: Vobiz retries, nothing is acknowledged unsaved. */
    public void unavailable(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        write(exchange, 503, Map.of("error", "database unavailable, retry later"));
        count(source(exchange), "unavailable", "database", typeTag(exchange));
        time(exchange, "unavailable");
        exchange.getMessage().setHeader("Retry-After", "5");
        LOG.error("webhook not stored event_id={} ip={}: {}", loggedEventId(exchange),
                clientIp(exchange), cause == null ? "unknown" : cause.toString());
    }

    /** 500 for anything unexpected; details go to the log, never to the caller. */
    public void internalError(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        write(exchange, 500, Map.of("error", "internal error"));
        count(source(exchange), "error", "internal", typeTag(exchange));
        time(exchange, "error");
        LOG.error("webhook failed event_id={} ip={}", loggedEventId(exchange),
                clientIp(exchange), cause);
    }

    private static void write(Exchange exchange, int status, Map<String, Object> body) {
        Message message = exchange.getMessage();
        message.removeHeaders("*");
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        try {
            message.setBody(IntakeJson.MAPPER.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a map of strings as JSON", e);
        }
    }

    /**
     * {@code vobiz_webhooks_total}; the type tag is bounded (the configured types of the source,
     * {@code other}, {@code none}), so a sender cannot grow it. Source names come from the settings.
     */
    private void count(String source, String outcome, String reason, String typeTag) {
        counters.computeIfAbsent(source + '\n' + outcome + '\n' + reason + '\n' + typeTag,
                key -> meters.counter("vobiz.webhooks", "outcome", outcome, "reason", reason, "source", source, "type", typeTag))
                .increment();
    }

    /** {@code vobiz_webhooks_latency}: from the start of the route to this answer; the tags are as bounded as the counter's. */
    private void time(Exchange exchange, String outcome) {
        String source = source(exchange);
        timers.computeIfAbsent(source + '\n' + outcome, key -> Timer.builder("vobiz.webhooks.latency")
                .description("Time from the start of the intake route to the webhook's answer")
                .tags("source", source, "outcome", outcome)
                .register(meters))
                .record(Duration.ofMillis(latency(exchange)));
    }

    /** The type tag of a request of one event ({@link IntakeKeys#COUNTED_TYPE}), else {@code none}. */
    private static String typeTag(Exchange exchange) {
        return exchange.getProperty(IntakeKeys.COUNTED_TYPE, "none", String.class);
    }

    private static String source(Exchange exchange) {
        return exchange.getProperty(EventKeys.SOURCE, InboxEvent.LEGACY_SOURCE, String.class);
    }

    /** The request body as received, wherever the route had got to when it was refused. */
    private static byte[] body(Exchange exchange) {
        Object body = exchange.getMessage().getBody();
        if (body instanceof byte[] bytes) {
            return bytes;
        }
        HttpServletRequest request = exchange.getMessage().getHeader(Exchange.HTTP_SERVLET_REQUEST, HttpServletRequest.class);
        return request == null ? null : (byte[]) request.getAttribute(RawBodyCaptureFilter.BODY);
    }

    /** The event id as logged: WhatsApp ids (the customer's number in base64) as a short hash, numbers masked ({@link Masking#text}). */
    private static String loggedEventId(Exchange exchange) {
        return Masking.text(exchange.getProperty(EventKeys.EVENT_ID, "-", String.class));
    }

    private static long latency(Exchange exchange) {
        return exchange.getClock().elapsed();
    }

    private static String clientIp(Exchange exchange) {
        return exchange.getProperty(IntakeKeys.CLIENT_IP, "-", String.class);
    }
}
