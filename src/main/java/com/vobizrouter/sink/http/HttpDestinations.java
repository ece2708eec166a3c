package com.vobizrouter.sink.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.vobizrouter.dispatch.DispatchKeys;
import com.vobizrouter.dispatch.Failure;
import com.vobizrouter.dispatch.Mappings;
import com.vobizrouter.dispatch.SinkBudgets;
import com.vobizrouter.dispatch.SinkParkedException;
import com.vobizrouter.inbox.EventTraces;
import com.vobizrouter.inbox.InboxEvent;
import com.vobizrouter.sink.EventJson;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.camel.component.http.HttpMethods;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;

/**
 * Delivers one event to one configured {@code http} destination (bean {@code httpDestinations},
 * route {@code http-destination}): {@link #request} prepares the call, camel-http makes it,
 * {@link #answer} says what the answer means.
 *
 * <p>The request: the destination's method (POST unless configured) to its URL, the event as
 * stored as the body, {@code Content-Type: application/json}, {@code Idempotency-Key} = the
 * router's event id (the same on every retry and replay, so the receiver can drop duplicates),
 * the configured headers and authentication and, with a signing secret, a Standard Webhooks
 * signature made afresh for each attempt. Headers already on the exchange never reach it: all are
 * removed first.
 *
 * <p>The answer: 2xx delivered; 408, 425 and 5xx transient, 429 rate limited (the destination
 * pauses on every instance), each with the {@code Retry-After} it asked for; 3xx (redirects are
 * never followed) and any other 4xx permanent. Failures carry the status in their reason
 * ({@code chatbot answered 404 Not Found}) and the first 4 KB of the answer; no more is ever read.
 *
 * <p>The camel-http endpoint of each destination is made from its configuration only when this
 * bean is built ({@link #endpointUri}): its timeouts and connection pool, and this bean as the
 * endpoint's {@link HttpClientConfigurer} ({@link BoundedAnswers}). The URL itself travels in
 * the {@code CamelHttpUri} header, so its query string is sent exactly as configured.
 */
public class HttpDestinations implements HttpClientConfigurer {

    /** Exchange property naming the destination to deliver to (read). */
    public static final String DESTINATION = com.vobizrouter.dispatch.Deliveries.DESTINATION;
    /** Exchange property holding the destination's camel-http endpoint URI, for the route's {@code toD} (written). */
    public static final String ENDPOINT = "httpDestinationEndpoint";
    /** The name this bean is registered under; the endpoint URIs refer to it. */
    public static final String BEAN = "httpDestinations";

    private static final String JSON = "application/json";

    private final Map<String, HttpDestination> destinations = new LinkedHashMap<>();
    private final Map<String, String> endpoints = new LinkedHashMap<>();
    private final SinkBudgets sinkBudgets;
    private final Mappings mappings;
    private final ObjectMapper mapper;
    private final Clock clock;

    private EventTraces traces = EventTraces.OFF;

    public HttpDestinations(List<HttpDestination> destinations, SinkBudgets sinkBudgets, Mappings mappings, ObjectMapper mapper,
            Clock clock) {
        for (HttpDestination destination : destinations) {
            if (this.destinations.put(destination.name(), destination) != null) {
                throw new IllegalArgumentException("name: two destinations are called " + destination.name());
            }
            endpoints.put(destination.name(), endpointUri(destination));
        }
        this.sinkBudgets = sinkBudgets;
        this.mappings = mappings;
        this.mapper = mapper;
        this.clock = clock;
    }

    /**
     * The camel-http endpoint of a destination: scheme, host and port of its URL, and options that
     * all come from configuration. Never the URL's path or query (those are in
     * {@code CamelHttpUri}), never anything of an event.
     */
    static String endpointUri(HttpDestination destination) {
        long millis = destination.timeout().toMillis();
        int connections = destination.maxConnections();
        return destination.url().getScheme().toLowerCase(Locale.ROOT) + "://" + destination.url().getRawAuthority()
                + "?httpClientConfigurer=#" + BEAN
                + "&throwExceptionOnFailure=false&followRedirects=false&copyHeaders=false"
                + "&connectTimeout=" + millis + "&responseTimeout=" + millis + "&soTimeout=" + millis
                + "&connectionRequestTimeout=" + millis
                + "&maxTotalConnections=" + connections + "&connectionsPerRoute=" + connections;
    }

    /** Sends each request the {@code traceparent} of its delivery's span (tracing on); returns this. */
    public HttpDestinations tracing(EventTraces traces) {
        this.traces = traces;
        return this;
    }

    /** The endpoint URI of the named destination, or null when there is none by that name. */
    public String endpointUri(String name) {
        return endpoints.get(name);
    }

    /**
     * Prepares the request of the destination named by exchange property {@value #DESTINATION}
     * for the event in {@link DispatchKeys#EVENT}: takes one from the destination's budget
     * ({@link com.vobizrouter.dispatch.SinkPausedException} when none is left), then sets body,
     * headers and exchange property {@value #ENDPOINT}. Exchange property {@code sink} becomes the
     * destination's name (the dispatcher pauses and reports by it).
     *
     * @throws SinkParkedException when no destination has that name (it was removed from the
     *                             configuration: the event waits until one is configured again)
     */
    public void request(Exchange exchange) {
        String name = exchange.getProperty(DESTINATION, String.class);
        HttpDestination destination = name == null ? null : destinations.get(name);
        if (destination == null) {
            throw new SinkParkedException(name == null ? "http" : name, "no http destination of that name is configured");
        }
        InboxEvent event = exchange.getProperty(DispatchKeys.EVENT, InboxEvent.class);
        if (event == null) {
            throw new IllegalStateException("no event to deliver (exchange property " + DispatchKeys.EVENT + ")");
        }
        exchange.setProperty(DispatchKeys.SINK, name);
        // Mapped before the budget is spent: an event the mapping refuses makes no call.
        byte[] body = body(name, event, exchange);
        sinkBudgets.take(name);

        Message message = exchange.getMessage();
        message.getHeaders().clear();
        message.setBody(body);
        message.setHeader(Exchange.HTTP_URI, destination.url().toASCIIString());
        // As camel-http's own type: given a String, camel-http converts it for every request, a type
        // converter lookup that was a fifth of a dispatch thread's CPU with an http destination.
        message.setHeader(Exchange.HTTP_METHOD, HttpMethods.valueOf(destination.method()));
        message.setHeader(Exchange.CONTENT_TYPE, JSON);
        message.setHeader("Idempotency-Key", event.eventId());
        destination.headers().forEach(message::setHeader);
        if (destination.auth() != null) {
            message.setHeader(destination.auth().headerName(), destination.auth().headerValue());
        }
        String traceParent = traces.currentTraceParent();
        if (traceParent != null) {
            // The delivery's span (tracing on): the destination's own spans join the event's trace.
            message.setHeader("traceparent", traceParent);
        }
        if (destination.signed()) {
            WebhookSignature.headers(destination.signingKey(), event.eventId(), clock.instant().getEpochSecond(), body)
                    .forEach(message::setHeader);
        }
        // The answer's bytes are kept as they came (at most 4 KB): never unpacked.
        exchange.setProperty(Exchange.SKIP_GZIP_ENCODING, Boolean.TRUE);
        exchange.setProperty(ENDPOINT, endpoints.get(name));
    }

    /**
     * What the destination would be sent for the event on the exchange, for a dry run: method,
     * url, headers and body as {@link #request} makes them, credentials shown as {@code ***} and
     * the signature only said to be there; no budget is taken and nothing is sent.
     */
    public Map<String, Object> preview(Exchange exchange) throws IOException {
        String name = exchange.getProperty(DESTINATION, String.class);
        HttpDestination destination = destinations.get(name);
        if (destination == null) {
            throw new SinkParkedException(name, "no http destination of that name is configured");
        }
        InboxEvent event = exchange.getProperty(DispatchKeys.EVENT, InboxEvent.class);
        byte[] body = body(name, event, exchange);
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put("Content-Type", JSON);
        headers.put("Idempotency-Key", event.eventId());
        headers.putAll(destination.headers());
        if (destination.auth() != null) {
            headers.put(destination.auth().headerName(), "***");
        }
        if (destination.signed()) {
            headers.put("webhook-signature", "(made when sent)");
        }
        Map<String, Object> preview = new LinkedHashMap<>();
        preview.put("method", destination.method());
        preview.put("url", destination.url().toASCIIString());
        preview.put("headers", headers);
        preview.put("body", mapper.readTree(body));
        return preview;
    }

    /** The destination's mapping of the event, serialised; the event as stored when it has none. */
    private byte[] body(String name, InboxEvent event, Exchange exchange) {
        return mappings.bytes(name, Mappings.BODY, () -> EventJson.view(exchange), event.payload());
    }

    /**
     * Returns on a 2xx answer; otherwise throws {@link HttpDestinationException} with what the
     * answer means for the event. Either way the answer's headers are removed from the exchange.
     */
    public void answer(Exchange exchange) {
        Message message = exchange.getMessage();
        String name = exchange.getProperty(DESTINATION, "http", String.class);
        Integer status = message.getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        if (status == null) {
            throw new IllegalStateException(name + " gave no HTTP status");
        }
        exchange.removeProperty(Exchange.SKIP_GZIP_ENCODING);
        if (status >= 200 && status < 300) {
            message.getHeaders().clear();
            return;
        }
        String text = message.getHeader(Exchange.HTTP_RESPONSE_TEXT, String.class);
        String reason = name + " answered " + status + (text == null || text.isBlank() ? "" : " " + abbreviated(text.strip()));
        String location = message.getHeader("Location", String.class);
        if (status >= 300 && status < 400 && location != null && !location.isBlank()) {
            // Not followed: the operator decides whether the destination's url should change.
            reason += " (not followed to " + abbreviated(location.strip()) + ")";
        }
        String kept = firstBytes(message);
        Duration retryAfter = RetryAfter.parse(message.getHeader("Retry-After", String.class), clock.instant());
        message.getHeaders().clear();
        throw new HttpDestinationException(failure(status, reason, kept, retryAfter), status);
    }

    /** What a status other than 2xx means for the event. */
    static Failure failure(int status, String reason, String answer, Duration retryAfter) {
        if (status == 429) {
            return Failure.rateLimited(reason, answer, retryAfter);
        }
        if (status == 408 || status == 425 || (status >= 500 && status < 600)) {
            return Failure.transientFailure(reason, answer, retryAfter);
        }
        return Failure.permanent(reason, answer);
    }

    /** The first {@link BoundedAnswers#KEPT} bytes of the answer as text (UTF-8), null when empty; never reads more. */
    static String firstBytes(Message message) {
        Object body = message.getBody();
        if (body == null) {
            return null;
        }
        byte[] kept;
        if (body instanceof byte[] bytes) {
            kept = bytes.length > BoundedAnswers.KEPT ? Arrays.copyOf(bytes, BoundedAnswers.KEPT) : bytes;
        } else {
            InputStream in = message.getBody(InputStream.class);
            if (in == null) {
                return null;
            }
            try {
                kept = in.readNBytes(BoundedAnswers.KEPT);
            } catch (IOException unreadable) {
                // The status decides; the body would only have been kept for the record.
                return null;
            }
        }
        return kept.length == 0 ? null : new String(kept, StandardCharsets.UTF_8);
    }

    private static String abbreviated(String text) {
        return text.length() > 200 ? text.substring(0, 200) : text;
    }

    /** camel-http hands each destination's client builder here: see {@link BoundedAnswers}. */
    @Override
    public void configureHttpClient(HttpClientBuilder clientBuilder) {
        BoundedAnswers.configure(clientBuilder);
    }
}
