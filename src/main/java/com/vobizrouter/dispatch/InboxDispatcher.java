package com.vobizrouter.dispatch;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.vobizrouter.inbox.EventKeys;
import com.vobizrouter.inbox.EventView;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import com.vobizrouter.inbox.InboxEvent;
import com.vobizrouter.inbox.InboxStore;

/**
 * The inbox side of the dispatch routes: claims due events in batches no larger than the free
 * dispatch capacity, puts one event on an exchange, and records success.
 *
 * <p>Counts {@code vobiz_dispatch_total} successes per sink and times each event from receipt to
 * the end of its last sink ({@code vobiz_dispatch_latency}).
 *
 * <p>At most {@code router.dispatch.concurrency} events are claimed and unfinished at any time.
 * This count, not the number of worker threads, is the bound: the Salesforce and Zendesk
 * producers are asynchronous and free their thread while they wait for the answer. The poller
 * never claims more than it can start at once, so a lease is not spent waiting in memory (where
 * its expiry would let the row be taken a second time) and other instances can take the rest.
 */
public class InboxDispatcher {

    private static final Logger LOG = LoggerFactory.getLogger("com.vobizrouter.dispatch");

    private final InboxStore inbox;
    private final DoneMarks doneMarks;
    private final SinkStates sinks;
    private final int batchSize;
    private final int capacity;
    private final Duration lease;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong delivered = new AtomicLong();

    private final MeterRegistry meters;
    private final Clock clock;

    public InboxDispatcher(InboxStore inbox, DoneMarks doneMarks, SinkStates sinks, int batchSize, int concurrency, Duration lease,
            MeterRegistry meters, Clock clock) {
        this.doneMarks = doneMarks;
        this.meters = meters;
        this.clock = clock;
        this.inbox = inbox;
        this.sinks = sinks;
        this.batchSize = batchSize;
        this.capacity = concurrency;
        this.lease = lease;
    }

    /** Body becomes the claimed events; property {@link DispatchKeys#MORE_WORK} says whether to claim again at once. */
    public void claim(Exchange exchange) {
        int free = Math.min(batchSize, capacity - inFlight.get());
        List<InboxEvent> events = free > 0 ? inbox.claim(free, lease) : List.of();
        inFlight.addAndGet(events.size());
        exchange.getIn().setBody(events);
        exchange.setProperty(DispatchKeys.MORE_WORK, !events.isEmpty() && events.size() == free && inFlight.get() < capacity);
    }

    /**
     * Turns a claimed event into the exchange the dispatch route works on (body = the raw JSON):
     * the same normalised properties for every source ({@link EventKeys}), read from the event's
     * {@link EventView}, which the sinks then share instead of each reading the JSON again.
     */
    public void open(Exchange exchange) {
        InboxEvent event = exchange.getIn().getBody(InboxEvent.class);
        exchange.setProperty(DispatchKeys.EVENT, event);
        exchange.setProperty(EventKeys.EVENT_ID, event.eventId());
        exchange.setProperty(EventKeys.EVENT_TYPE, event.eventType());
        exchange.setProperty(EventKeys.CHANNEL_ID, event.channelId());
        exchange.setProperty(EventKeys.EVENT_TIMESTAMP, event.eventTimestamp());
        exchange.setProperty(EventKeys.SOURCE, event.source());
        exchange.getIn().setBody(event.payload());
        EventView view;
        try {
            view = EventView.of(event);
        } catch (IllegalArgumentException unreadable) {
            throw new MappingException(unreadable.getMessage());
        }
        exchange.setProperty(EventKeys.VIEW, view);
        exchange.setProperty(EventKeys.SOURCE_EVENT_TYPE, view.sourceEventType());
        exchange.setProperty(EventKeys.MESSAGE_ID, view.messageId());
        exchange.setProperty(EventKeys.CONTACT_ID, view.contactId());
        exchange.setProperty(EventKeys.CONVERSATION, view.conversation());
    }

    /**
     * Called last by every sink route: health shows the sink up, and the body is the event's raw
     * JSON again, so the next sink in the same path starts from it too.
     */
    public void sinkDone(Exchange exchange) {
        String sink = exchange.getProperty(DispatchKeys.SINK, String.class);
        if (sink != null) {
            sinks.up(sink);
            meters.counter("vobiz.dispatch", "sink", sink, "outcome", "success").increment();
        }
        exchange.getIn().setBody(exchange.getProperty(DispatchKeys.EVENT, InboxEvent.class).payload());
    }

    /** Every sink took the event: marked DONE (in a group commit with others finishing now). */
    public void done(Exchange exchange) {
        InboxEvent event = exchange.getProperty(DispatchKeys.EVENT, InboxEvent.class);
        delivered.incrementAndGet();
        meters.timer("vobiz.dispatch.latency", "type", event.eventType())
                .record(Duration.between(event.receivedAt(), clock.instant()));
        if (!doneMarks.mark(event)) {
            LOG.warn("event {} was delivered after its lease ran out; it may be delivered again (sinks are idempotent)",
                    event.eventId());
        }
    }

    /** The event's work is over, whatever its outcome: frees its place. */
    public void release(Exchange exchange) {
        inFlight.decrementAndGet();
    }

    /** Events this instance delivered to every sink since it started. */
    public long delivered() {
        return delivered.get();
    }
}
