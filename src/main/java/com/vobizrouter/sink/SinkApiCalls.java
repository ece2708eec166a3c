package com.vobizrouter.sink;

import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.vobizrouter.dispatch.FailureRules;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.CamelEvent.ExchangeSendingEvent;
import org.apache.camel.spi.CamelEvent.ExchangeSentEvent;
import org.apache.camel.support.EventNotifierSupport;

/**
 * Counts every call the router makes to a business system's API,
 * {@code vobiz_sink_api_calls_total{sink,operation,status}}, so that the calls a message costs
 * can be measured: the customer pays for them out of its API limits.
 *
 * <p>Calls through a Camel endpoint of the {@code zendesk} component are counted when Camel
 * reports them sent (the operation is the endpoint's method, such as {@code createComment}), and
 * so are the requests to {@code http} destinations, under the destination's name (operation
 * {@code request}); a
 * sink that calls an API another way counts each call itself with
 * {@link #count(String, String, Throwable)}: the Zendesk ticket creation, and the Salesforce
 * batcher once per collection call, after the call rather than on the thread that receives the
 * answer (counted in this notifier, the burst test's batches came out smaller in several runs). The status is {@code ok}, the HTTP status of a
 * refusal (from the sinks' {@link FailureRules}), or {@code error} when no answer came. Logins a
 * component makes on its own are not counted. camel-zendesk answers most calls on a ticket that
 * no longer exists (404) with an empty result, not a failure: such a call counts as {@code ok}.
 *
 * <p>Every call, whatever its status, is also kept in memory as calls a minute for the last
 * {@value #KEPT_MINUTES} minutes ({@link #callsPerMinute(String, int)}), for the admin console:
 * the calls of this instance only, not of the others sharing the sink's limit.
 */
public class SinkApiCalls extends EventNotifierSupport {

    /** How many minutes of calls a minute are kept for each sink. */
    public static final int KEPT_MINUTES = 30;

    private static final Set<String> SINKS = Set.of("zendesk");
    /** The schemes of the {@code http} destinations' endpoints: a call is counted under the destination's name. */
    private static final Set<String> HTTP = Set.of("http", "https");
    /** The exchange property naming the destination of the delivery being made. */
    private static final String DESTINATION = com.vobizrouter.dispatch.Deliveries.DESTINATION;

    private final MeterRegistry meters;
    private final List<FailureRules> failureRules;
    private final Clock clock;
    private final Map<String, MinuteCounts> history = new ConcurrentHashMap<>();
    /** vobiz_sink_api_calls_total by sink, operation and status, looked up once each (sinks and operations are the router's own). */
    private final Map<String, Counter> calls = new ConcurrentHashMap<>();

    public SinkApiCalls(MeterRegistry meters, List<FailureRules> failureRules, Clock clock) {
        this.meters = meters;
        this.failureRules = failureRules;
        this.clock = clock;
        setIgnoreCamelContextEvents(true);
        setIgnoreRouteEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreStepEvents(true);
        setIgnoreExchangeCreatedEvent(true);
        setIgnoreExchangeCompletedEvent(true);
        setIgnoreExchangeFailedEvents(true);
        setIgnoreExchangeRedeliveryEvents(true);
    }

    /**
     * The sending event is taken as well, though only the sent one is counted: Camel reports a
     * send as sent only when some notifier took its sending event.
     */
    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof ExchangeSendingEvent sending && counted(sending.getEndpoint())
                || event instanceof ExchangeSentEvent sent && counted(sent.getEndpoint());
    }

    @Override
    public void notify(CamelEvent event) {
        if (event instanceof ExchangeSentEvent sent) {
            Endpoint endpoint = sent.getEndpoint();
            if (HTTP.contains(scheme(endpoint))) {
                countHttp(sent.getExchange());
            } else {
                count(scheme(endpoint), operation(endpoint), sent.getExchange().getException());
            }
        }
    }

    private static boolean counted(Endpoint endpoint) {
        String scheme = scheme(endpoint);
        return SINKS.contains(scheme) || HTTP.contains(scheme);
    }

    /** A request to an {@code http} destination, under its name: {@code ok} for 2xx, else the status, {@code error} without one. */
    private void countHttp(org.apache.camel.Exchange exchange) {
        String destination = exchange.getProperty(DESTINATION, String.class);
        if (destination == null) {
            return;
        }
        Integer code = exchange.getMessage().getHeader(org.apache.camel.Exchange.HTTP_RESPONSE_CODE, Integer.class);
        String status = exchange.getException() != null || code == null ? "error" : code >= 200 && code < 300 ? "ok" : String.valueOf(code);
        calls(destination, "request", status).increment();
        history.computeIfAbsent(destination, name -> new MinuteCounts()).add(epochMinute(clock.instant()));
    }

    /** One call of {@code sink}'s API: failed with {@code failure}, or succeeded when it is null. */
    public void count(String sink, String operation, Throwable failure) {
        calls(sink, operation, status(failure)).increment();
        history.computeIfAbsent(sink, name -> new MinuteCounts()).add(epochMinute(clock.instant()));
    }

    private Counter calls(String sink, String operation, String status) {
        return calls.computeIfAbsent(sink + '\n' + operation + '\n' + status,
                key -> meters.counter("vobiz.sink.api.calls", "sink", sink, "operation", operation, "status", status));
    }

    /**
     * The calls this instance made to {@code sink}'s API in each of the last {@code minutes}
     * minutes (1 to {@value #KEPT_MINUTES}) up to the minute of {@code at}, oldest first: the last
     * element is that minute (so far, when it is the current one). Minutes are those of the clock
     * (UTC), not a window sliding with the call.
     */
    public int[] callsPerMinute(String sink, int minutes, Instant at) {
        if (minutes < 1 || minutes > KEPT_MINUTES) {
            throw new IllegalArgumentException("minutes must be 1 to " + KEPT_MINUTES + ", not " + minutes);
        }
        MinuteCounts counts = history.get(sink);
        return counts == null ? new int[minutes] : counts.last(epochMinute(at), minutes);
    }

    /** {@link #callsPerMinute(String, int, Instant)} up to the current minute. */
    public int[] callsPerMinute(String sink, int minutes) {
        return callsPerMinute(sink, minutes, clock.instant());
    }

    private static long epochMinute(Instant at) {
        return Math.floorDiv(at.toEpochMilli(), 60_000L);
    }

    /** One sink's calls a minute: a ring of {@value #KEPT_MINUTES} counters, each slot holding the epoch minute it counts. */
    private static final class MinuteCounts {
        private final long[] minutes = new long[KEPT_MINUTES];
        private final int[] counts = new int[KEPT_MINUTES];

        MinuteCounts() {
            Arrays.fill(minutes, Long.MIN_VALUE);
        }

        synchronized void add(long minute) {
            int slot = Math.floorMod(minute, KEPT_MINUTES);
            if (minutes[slot] > minute) {
                // Older than all the ring keeps (a clock set back): not kept.
                return;
            }
            if (minutes[slot] != minute) {
                // The slot held a minute that has left the ring: it starts again for this one.
                minutes[slot] = minute;
                counts[slot] = 0;
            }
            counts[slot]++;
        }

        synchronized int[] last(long now, int length) {
            int[] last = new int[length];
            for (int i = 0; i < length; i++) {
                long minute = now - (length - 1 - i);
                int slot = Math.floorMod(minute, KEPT_MINUTES);
                last[i] = minutes[slot] == minute ? counts[slot] : 0;
            }
            return last;
        }
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
