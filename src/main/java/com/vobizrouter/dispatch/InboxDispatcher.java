package com.vobizrouter.dispatch;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.vobizrouter.inbox.EventKeys;
import com.vobizrouter.inbox.EventView;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import com.vobizrouter.inbox.InboxEvent;
import com.vobizrouter.inbox.InboxStore;
import com.vobizrouter.inbox.Masking;

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
 * While the inbox has more, the poller does not sleep a whole poll interval when every place is
 * taken: it waits only until a quarter of the places (at least one) is free again, so a busy
 * inbox is claimed as fast as events finish, in batches rather than one by one.
 *
 * <p>Leases are short (30 s by default) so that the events of an instance that died are taken
 * again within seconds, and they live as long as the work: {@link #renewLeases()} extends the
 * lease of every event still in delivery here, so a slow sink call never loses its lease. On
 * shutdown the poller stops claiming and whatever is still held is given back at once.
 */
public class InboxDispatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("com.vobizrouter.dispatch");

    private final InboxStore inbox;
    private final DoneMarks doneMarks;
    private final SinkStates sinks;
    private final int batchSize;
    private final int capacity;
    private final Duration lease;
    private final Duration capacityWait;
    private final int refill;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Object placeFreed = new Object();
    private final Map<Long, InboxEvent> held = new ConcurrentHashMap<>();
    /** When each held event was claimed, until its dispatch opens it. */
    private final Map<Long, java.time.Instant> waiting = new ConcurrentHashMap<>();
    /** Events given back as stranded whose dispatch might still begin: it must not (another may have them). */
    private final java.util.Set<Long> givenBack = ConcurrentHashMap.newKeySet();
    /** The delivery rows read with the claim, of the claimed events that have some, until each is opened. */
    private final Map<Long, List<com.vobizrouter.inbox.DeliveryRow>> claimedDeliveries = new ConcurrentHashMap<>();
    private Settlements settlements;
    private volatile boolean closed;
    private String instance;
    private SinkLocks sinkLocks;
    private volatile boolean tookBack;
    private final AtomicLong delivered = new AtomicLong();

    private final MeterRegistry meters;
    /** vobiz_dispatch_total{outcome=success} by sink, and the dispatch latency by type, looked up once each (tags bounded by the settings). */
    private final Map<String, Counter> successes = new ConcurrentHashMap<>();
    private final Map<String, Timer> latencies = new ConcurrentHashMap<>();
    private final Clock clock;
    private final ObjectMapper json;

    /**
     * @param capacityWait the longest the poller waits for a free place before it gives the turn
     *                     back to its timer (the poll interval)
     * @param json         the application's ObjectMapper, which reads the events' JSON
     */
    public InboxDispatcher(InboxStore inbox, DoneMarks doneMarks, SinkStates sinks, int batchSize, int concurrency, Duration lease,
            Duration capacityWait, ObjectMapper json, MeterRegistry meters, Clock clock) {
        this.json = json;
        this.doneMarks = doneMarks;
        this.meters = meters;
        this.clock = clock;
        this.inbox = inbox;
        this.sinks = sinks;
        this.batchSize = batchSize;
        this.capacity = concurrency;
        this.lease = lease;
        this.capacityWait = capacityWait;
        this.refill = Math.max(1, Math.min(batchSize, concurrency) / 4);
    }

    /**
     * Before its first claim, takes back what an earlier life of this instance held: the events it
     * had leased (due again at once) and its sink locks. Not at construction: the tables may not
     * have been migrated yet then.
     */
    public InboxDispatcher takingBackFirst(String instance, SinkLocks sinkLocks) {
        this.instance = instance;
        this.sinkLocks = sinkLocks;
        return this;
    }

    /** Settlements written in group commits (else one transaction each). */
    public InboxDispatcher settlingWith(Settlements settlements) {
        this.settlements = settlements;
        return this;
    }

    private void takeBackEarlierLife() {
        if (instance != null) {
            int events = inbox.takeBackLeasesOf(instance);
            int locks = sinkLocks.releaseHeldBy(instance);
            if (events + locks > 0) {
                LOG.info("took back {} events and {} sink locks held by this instance ({}) before it restarted", events, locks, instance);
            }
        }
        tookBack = true;
    }

    /** Body becomes the claimed events; property {@link DispatchKeys#MORE_WORK} says whether to claim again at once. */
    public void claim(Exchange exchange) {
        if (!tookBack) {
            takeBackEarlierLife();
        }
        // Nothing is claimed while the dispatch route is not running (stopped, or being reloaded):
        // an event handed to it then would wait in a queue that the reload may drop.
        boolean stopping = closed || exchange.getContext().isStopping() || !dispatching(exchange);
        int free = stopping ? 0 : Math.min(batchSize, awaitPlaces());
        List<InboxEvent> events = free > 0 ? inbox.claim(free, lease) : List.of();
        inFlight.addAndGet(events.size());
        java.time.Instant now = clock.instant();
        events.forEach(event -> {
            held.put(event.id(), event);
            waiting.put(event.id(), now);
        });
        if (events.stream().anyMatch(event -> event.destinations() != null && !event.destinations().isEmpty())) {
            claimedDeliveries.putAll(inbox.deliveries(events));
        }
        exchange.getIn().setBody(events);
        // A full batch means the inbox likely has more: claim again as soon as places free up.
        exchange.setProperty(DispatchKeys.MORE_WORK, !events.isEmpty() && events.size() == free);
    }

    /** The route that dispatches claimed events ({@code dispatch-event}, fed by the poller's queue). */
    static final String DISPATCH_ROUTE = "dispatch-event";

    /** Whether the dispatch route is running; a context without routes (the dispatcher alone) has none to wait for. */
    private static boolean dispatching(Exchange exchange) {
        if (exchange.getContext().getRoutesSize() == 0) {
            return true;
        }
        org.apache.camel.ServiceStatus status = exchange.getContext().getRouteController().getRouteStatus(DISPATCH_ROUTE);
        return status != null && status.isStarted();
    }

    /** Free places, after waiting up to {@code capacityWait} for at least {@code refill} of them. */
    private int awaitPlaces() {
        long deadline = System.nanoTime() + capacityWait.toNanos();
        synchronized (placeFreed) {
            long left;
            while (capacity - inFlight.get() < refill && !closed && (left = deadline - System.nanoTime()) > 0) {
                try {
                    placeFreed.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return 0;
                }
            }
        }
        return Math.max(0, capacity - inFlight.get());
    }

    /**
     * Turns a claimed event into the exchange the dispatch route works on (body = the raw JSON).
     * The event is on it in one form, its {@link EventView} ({@link EventKeys#VIEW}: the view the
     * sinks map, with the inbox row inside), read once here and shared by the sinks. Beside it:
     * the inbox row alone ({@link DispatchKeys#EVENT}), set first so that an event whose JSON
     * cannot be read is still dead-lettered by its row; and the scalar properties the YAML routes
     * choose on ({@link EventKeys#of}), the same for every source.
     */
    public void open(Exchange exchange) {
        InboxEvent event = exchange.getIn().getBody(InboxEvent.class);
        waiting.remove(event.id());
        if (givenBack.remove(event.id())) {
            // Given back as stranded (renewLeases): another dispatch may have it now; this one stops here.
            LOG.warn("event {} was given back before its dispatch began; it is not dispatched here", Masking.text(event.eventId()));
            exchange.setRouteStop(true);
            return;
        }
        exchange.setProperty(DispatchKeys.EVENT, event);
        exchange.getIn().setBody(event.payload());
        EventView view;
        try {
            view = EventView.of(event, json);
        } catch (IllegalArgumentException unreadable) {
            throw new MappingException(unreadable.getMessage());
        }
        exchange.setProperty(EventKeys.VIEW, view);
        EventKeys.of(view).forEach(exchange::setProperty);
        exchange.setProperty(Deliveries.TO_ROUTE, event.destinations() == null);
        if (event.destinations() == null) {
            Deliveries.route(exchange);
        } else {
            List<com.vobizrouter.inbox.DeliveryRow> rows = claimedDeliveries.remove(event.id());
            exchange.setProperty(Deliveries.PLAN, DeliveryPlan.restored(event.destinations(), rows == null ? List.of() : rows));
        }
    }

    /**
     * Called last by every sink route: health shows the sink up, and the body is the event's raw
     * JSON again, so the next sink in the same path starts from it too.
     */
    public void sinkDone(Exchange exchange) {
        String sink = DispatchKeys.sink(exchange, null);
        if (sink != null) {
            sinks.up(sink);
            successes.computeIfAbsent(sink, name -> meters.counter("vobiz.dispatch", "sink", name, "outcome", "success")).increment();
        }
        // The next sink names itself; a failure between sinks is the router's.
        exchange.removeProperty(DispatchKeys.SINK);
        exchange.removeProperty(DispatchKeys.DEPRECATED_SINK);
        exchange.getIn().setBody(exchange.getProperty(DispatchKeys.EVENT, InboxEvent.class).payload());
    }

    /**
     * The end of the event's dispatch: delivered everywhere at its first dispatch, it is marked DONE
     * (in a group commit with others finishing now, its destinations kept with it); otherwise what
     * happened to each delivery is written, and the event is DONE, PENDING until its earliest
     * waiting delivery is due, or DEAD ({@link InboxStore#settle}).
     */
    public void settle(Exchange exchange) {
        InboxEvent event = exchange.getProperty(DispatchKeys.EVENT, InboxEvent.class);
        DeliveryPlan plan = exchange.getProperty(Deliveries.PLAN, DeliveryPlan.class);
        InboxEvent decided = exchange.getProperty(DispatchKeys.EVENT, InboxEvent.class).withDestinations(plan.names());
        if (plan.doneAtOnce()) {
            delivered(decided);
            if (!doneMarks.mark(decided)) {
                LOG.warn("event {} was delivered after its lease ran out; it may be delivered again (sinks are idempotent)",
                        Masking.text(event.eventId()));
            }
            return;
        }
        InboxStore.Settlement settlement = new InboxStore.Settlement(decided, plan.rowsToWrite(), plan.failedAttempts(), plan.deadLetters());
        String status = settlements != null ? settlements.settle(settlement) : inbox.settle(List.of(settlement))[0];
        if (status == null) {
            LOG.warn("event {} lost its lease while it was delivered; it may be delivered again (sinks are idempotent)",
                    Masking.text(event.eventId()));
        } else if (status.equals(com.vobizrouter.inbox.DeliveryRow.DONE)) {
            delivered(decided);
        }
    }

    private void delivered(InboxEvent event) {
        delivered.incrementAndGet();
        latencies.computeIfAbsent(event.eventType(), type -> meters.timer("vobiz.dispatch.latency", "type", type))
                .record(Duration.between(event.receivedAt(), clock.instant()));
    }

    /** The event's work is over, whatever its outcome: frees its place. */
    public void release(Exchange exchange) {
        InboxEvent event = exchange.getProperty(DispatchKeys.EVENT, InboxEvent.class);
        if (event != null) {
            claimedDeliveries.remove(event.id());
            waiting.remove(event.id());
            if (held.remove(event.id()) == null) {
                // Given back as stranded before: its place was freed then.
                return;
            }
        }
        freePlaces(1);
    }

    private void freePlaces(int places) {
        int left = capacity - inFlight.addAndGet(-places);
        if (left >= refill && left - places < refill) {
            synchronized (placeFreed) {
                placeFreed.notifyAll();
            }
        }
    }

    /**
     * Extends the lease of every event still in delivery on this instance (route
     * {@code lease-renewal}). An event claimed more than a lease ago whose dispatch never began is
     * not waiting for a place (there are as many dispatch places as events claimed at most): the
     * queue it was handed to is gone, as when {@code dispatch.camel.yaml} is reloaded. Its lease is
     * given back (due again at once, for any instance) instead of renewed forever, and its place freed.
     */
    public void renewLeases() {
        java.time.Instant strandedBefore = clock.instant().minus(lease);
        List<InboxEvent> stranded = new java.util.ArrayList<>();
        waiting.forEach((id, claimedAt) -> {
            if (claimedAt.isBefore(strandedBefore) && waiting.remove(id, claimedAt)) {
                InboxEvent event = held.remove(id);
                claimedDeliveries.remove(id);
                if (event != null) {
                    stranded.add(event);
                    givenBack.add(id);
                }
            }
        });
        if (!stranded.isEmpty()) {
            inbox.release(stranded);
            freePlaces(stranded.size());
            LOG.warn("gave back {} events claimed more than {} ago whose dispatch never began (their queue was dropped, as by a route "
                    + "reload); they are due again at once", stranded.size(), lease);
        }
        List<InboxEvent> current = List.copyOf(held.values());
        int renewed = inbox.renew(current, lease);
        if (renewed < current.size()) {
            LOG.warn("{} of {} events in delivery had lost their lease; they may be delivered again (sinks are idempotent)",
                    current.size() - renewed, current.size());
        }
    }

    /** Events claimed here and not finished yet. */
    public int held() {
        return held.size();
    }

    /**
     * Stops claiming and gives back the leases of events that were claimed but not finished, so
     * another instance takes them at once instead of after the lease. Called when the application
     * stops, after Camel has let in-flight deliveries finish.
     */
    @Override
    public void close() {
        closed = true;
        synchronized (placeFreed) {
            placeFreed.notifyAll();
        }
        List<InboxEvent> unfinished = List.copyOf(held.values());
        if (!unfinished.isEmpty()) {
            inbox.release(unfinished);
            LOG.info("gave back the leases of {} unfinished events", unfinished.size());
        }
        held.clear();
    }

    /** Events this instance delivered to every sink since it started. */
    public long delivered() {
        return delivered.get();
    }
}
