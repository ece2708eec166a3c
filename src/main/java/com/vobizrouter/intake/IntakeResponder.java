package com.vobizrouter.intake;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import com.vobizrouter.inbox.EventKeys;

/**
 * Writes every answer of the webhook endpoint and logs one line per request.
 *
 * <p>All request headers are dropped first: platform-http would otherwise copy them into the
 * response, echoing the signature back to the caller. Bodies are built with Jackson so an
 * event id is always correctly escaped. Log lines carry ids, type and outcome, never the body,
 * so phone numbers and message text stay out of the logs. Every answer is counted
 * ({@code vobiz_webhooks_total} by outcome, reason and type) and every refusal recorded in the
 * rejection log.
 */
public class IntakeResponder {

    private static final Logger LOG = LoggerFactory.getLogger("com.vobizrouter.intake");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final RejectionLog rejections;
    private final MeterRegistry meters;
    private final Set<String> countedTypes;

    /** @param countedTypes event types counted under their own name; any other is counted as {@code other} */
    public IntakeResponder(RejectionLog rejections, MeterRegistry meters, Set<String> countedTypes) {
        this.rejections = rejections;
        this.meters = meters;
        this.countedTypes = Set.copyOf(countedTypes);
    }

    /** 200 with {@code accepted}, {@code ignored} or {@code duplicate}, from {@link EventKeys#OUTCOME}. */
    public void answer(Exchange exchange) {
        String outcome = exchange.getProperty(IntakeKeys.OUTCOME, String.class);
        String eventId = exchange.getProperty(EventKeys.EVENT_ID, String.class);
        String eventType = exchange.getProperty(EventKeys.EVENT_TYPE, String.class);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", outcome);
        body.put("event_id", eventId);
        if ("ignored".equals(outcome)) {
            body.put("event", eventType);
        }
        write(exchange, 200, body);
        count(outcome, "none", eventType);
        LOG.info("webhook {} event_id={} type={} ip={} latency_ms={}", outcome, eventId, eventType, clientIp(exchange), latency(exchange));
    }

    /** The 4xx for a {@link WebhookRejection} caught by the route's error handling. */
    public void reject(Exchange exchange) {
        WebhookRejection rejection = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, WebhookRejection.class);
        rejections.record(clientIp(exchange), rejection.getStatus(), rejection.getReason(), rejection.getMessage(), body(exchange));
        write(exchange, rejection.getStatus(), Map.of("error", rejection.getMessage()));
        count("rejected", rejection.getReason(), null);
        if (rejection.getStatus() == 405) {
            exchange.getMessage().setHeader("Allow", "POST");
        }
        LOG.warn("webhook rejected status={} reason={} event_id={} ip={} latency_ms={}", rejection.getStatus(), rejection.getReason(),
                exchange.getProperty(EventKeys.EVENT_ID, "-", String.class), clientIp(exchange), latency(exchange));
    }

    /**
     * A request refused before the route ran, by the body capture: the container has already
     * answered it with {@code status}, so only the log line, the count and the rejection record
     * remain to be done.
     */
    public void refusedBeforeRoute(String clientIp, int status, String reason, String detail, byte[] bodyStart) {
        rejections.record(clientIp, status, reason, detail, bodyStart);
        count("rejected", reason, null);
        LOG.warn("webhook rejected status={} reason={} event_id=- ip={}", status, reason, clientIp);
    }

    /** 503 when the event could not be committed: Vobiz retries, nothing is acknowledged unsaved. */
    public void unavailable(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        write(exchange, 503, Map.of("error", "database unavailable, retry later"));
        count("unavailable", "database", exchange.getProperty(EventKeys.EVENT_TYPE, String.class));
        exchange.getMessage().setHeader("Retry-After", "5");
        LOG.error("webhook not stored event_id={} ip={}: {}", exchange.getProperty(EventKeys.EVENT_ID, "-", String.class),
                clientIp(exchange), cause == null ? "unknown" : cause.toString());
    }

    /** 500 for anything unexpected; details go to the log, never to the caller. */
    public void internalError(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        write(exchange, 500, Map.of("error", "internal error"));
        count("error", "internal", exchange.getProperty(EventKeys.EVENT_TYPE, String.class));
        LOG.error("webhook failed event_id={} ip={}", exchange.getProperty(EventKeys.EVENT_ID, "-", String.class),
                clientIp(exchange), cause);
    }

    private static void write(Exchange exchange, int status, Map<String, Object> body) {
        Message message = exchange.getMessage();
        message.removeHeaders("*");
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        try {
            message.setBody(MAPPER.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a map of strings as JSON", e);
        }
    }

    /** {@code vobiz_webhooks_total}; the type tag is bounded to the configured types, so a sender cannot grow it. */
    private void count(String outcome, String reason, String eventType) {
        String type = eventType == null ? "none" : countedTypes.contains(eventType) ? eventType : "other";
        meters.counter("vobiz.webhooks", "outcome", outcome, "reason", reason, "type", type).increment();
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

    private static long latency(Exchange exchange) {
        return exchange.getClock().elapsed();
    }

    private static String clientIp(Exchange exchange) {
        return exchange.getProperty(IntakeKeys.CLIENT_IP, "-", String.class);
    }
}
