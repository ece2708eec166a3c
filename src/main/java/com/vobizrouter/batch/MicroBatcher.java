package com.vobizrouter.batch;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiPredicate;
import java.util.function.Function;

import org.apache.camel.CamelContext;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Micro-batching (group commit): callers hand over one item each and wait for that item's own
 * result, while writer threads take what is queued in batches and handle each batch at once (one
 * transaction, one JDBC batch, one API call) instead of paying that cost for every item.
 *
 * <p>Why: the router's expensive steps (a durable commit, a Salesforce call) cost about the same
 * for one item as for a hundred, and items arrive together under load. Sharing the step among the
 * items that are waiting anyway keeps the one-item semantics for the caller (it is answered only
 * once its own item is done) at a fraction of the cost.
 *
 * <p>The flow is queue → writer → {@link Handler} → every waiter of the batch completed or failed.
 * A writer takes the first queued item, then more until the batch holds {@code maxBatch} items,
 * or the linger after the first item was submitted is over (a linger of zero takes only what is
 * already queued), or the cut rule says an item must not join this batch; that item then opens
 * the next one.
 *
 * <p>Writers: with an {@linkplain Builder#affinity affinity} each writer has its own queue and
 * items with equal keys always go to the same writer, so they meet in one batch or in consecutive
 * batches of that writer, never in two batches handled at the same time. Without one, the writers
 * share a queue and take turns filling a batch, so a burst still forms full batches while earlier
 * ones are being handled.
 *
 * <p>Failures: when the handler throws, every waiter of the batch it has not completed fails with
 * that exception; a waiter it leaves without a result fails too, so nobody waits forever. Through
 * {@link Batch#failQueuedBehind} the handler can also fail everything queued behind its batch,
 * for when the resource it writes to is unreachable and each of those items would only wait for
 * its own timeout.
 *
 * <p>Lifecycle: this is a Camel service. The writer threads come from the CamelContext's
 * {@link org.apache.camel.spi.ExecutorServiceManager}, so they carry Camel's thread names, are
 * known to the context and end with it. Stopping refuses new items, lets the writers handle
 * everything already queued and then ends them; submissions after that, and items the writers
 * could not take within the drain timeout, fail with {@link RejectedExecutionException}.
 *
 * @param <T> the item a caller hands over
 * @param <R> the result each caller waits for
 */
public final class MicroBatcher<T, R> extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(MicroBatcher.class);

    /** How long an idle writer waits for an item before it looks whether it should stop. */
    private static final long IDLE_POLL_MILLIS = 100;

    /** Handles one batch on a writer thread. */
    @FunctionalInterface
    public interface Handler<T, R> {

        /**
         * Handles the batch and completes or fails each of its waiters. Throwing fails every
         * waiter not completed yet.
         */
        void handle(Batch<T, R> batch) throws Exception;
    }

    /** One submitted item and the result its caller waits for. */
    public static final class Waiter<T, R> {

        private final T item;
        private final CompletableFuture<R> result = new CompletableFuture<>();
        private final long submittedAt = System.nanoTime();

        private Waiter(T item) {
            this.item = item;
        }

        public T item() {
            return item;
        }

        /** The caller's result, for handlers that complete one waiter from another's outcome. */
        public CompletableFuture<R> result() {
            return result;
        }

        public void complete(R value) {
            result.complete(value);
        }

        public void fail(Throwable failure) {
            result.completeExceptionally(failure);
        }
    }

    /** The items a writer took together, in the order they were submitted. */
    public static final class Batch<T, R> {

        private final List<Waiter<T, R>> waiters;
        private final Lane<T, R> lane;

        private Batch(List<Waiter<T, R>> waiters, Lane<T, R> lane) {
            this.waiters = List.copyOf(waiters);
            this.lane = lane;
        }

        public List<Waiter<T, R>> waiters() {
            return waiters;
        }

        public List<T> items() {
            return waiters.stream().map(Waiter::item).toList();
        }

        public int size() {
            return waiters.size();
        }

        /**
         * Fails, with the given failure, every item queued for this batch's writer and not taken
         * yet. Does nothing for a batch handled on the caller's thread ({@link #handleNow}).
         */
        public void failQueuedBehind(Throwable failure) {
            if (lane != null) {
                lane.takeAll().forEach(waiter -> waiter.fail(failure));
            }
        }
    }

    /** A queue and the writers taking from it. */
    private static final class Lane<T, R> {

        private final BlockingQueue<Waiter<T, R>> queue;
        /** Writers sharing the lane fill one batch at a time. */
        private final ReentrantLock filling = new ReentrantLock();
        /** The item the cut rule kept out of the previous batch: the first of the next one. */
        private final AtomicReference<Waiter<T, R>> carried = new AtomicReference<>();

        private Lane(int capacity) {
            this.queue = capacity > 0 ? new ArrayBlockingQueue<>(capacity) : new LinkedBlockingQueue<>();
        }

        private int queued() {
            return queue.size() + (carried.get() == null ? 0 : 1);
        }

        private List<Waiter<T, R>> takeAll() {
            List<Waiter<T, R>> taken = new ArrayList<>();
            Waiter<T, R> first = carried.getAndSet(null);
            if (first != null) {
                taken.add(first);
            }
            queue.drainTo(taken);
            return taken;
        }
    }

    private final CamelContext camelContext;
    private final String name;
    private final Handler<T, R> handler;
    private final int maxBatch;
    private final long lingerNanos;
    private final int writersPerLane;
    private final Function<? super T, ?> affinity;
    private final BiPredicate<? super List<T>, ? super T> cutBefore;
    private final long offerTimeoutNanos;
    private final Duration drainTimeout;
    private final List<Lane<T, R>> lanes = new ArrayList<>();
    private volatile boolean accepting;
    private ExecutorService writers;

    private MicroBatcher(Builder<T, R> builder) {
        this.camelContext = builder.camelContext;
        this.name = builder.name;
        this.handler = builder.handler;
        this.maxBatch = builder.maxBatch;
        this.lingerNanos = builder.linger.toNanos();
        this.affinity = builder.affinity;
        this.cutBefore = builder.cutBefore;
        this.offerTimeoutNanos = builder.offerTimeout.toNanos();
        this.drainTimeout = builder.drainTimeout;
        int laneCount = affinity == null ? 1 : builder.writers;
        this.writersPerLane = affinity == null ? builder.writers : 1;
        for (int i = 0; i < laneCount; i++) {
            lanes.add(new Lane<>(builder.capacity));
        }
    }

    /**
     * @param name     the writer threads' name (Camel adds its context name and a counter)
     * @param maxBatch most items in one batch
     * @param handler  handles each batch on a writer thread
     */
    public static <T, R> Builder<T, R> builder(CamelContext camelContext, String name, int maxBatch, Handler<T, R> handler) {
        return new Builder<>(camelContext, name, maxBatch, handler);
    }

    /**
     * Queues the item for a batch and returns its result, completed once its batch is handled.
     * The caller decides how long to wait for it.
     *
     * @throws RejectedExecutionException when the batcher is not running, or its bounded queue
     *                                    stayed full for the offer timeout
     * @throws InterruptedException       when interrupted while waiting for room in the queue
     */
    public CompletableFuture<R> submit(T item) throws InterruptedException {
        Waiter<T, R> waiter = new Waiter<>(item);
        Lane<T, R> lane = lanes.get(affinity == null ? 0 : Math.floorMod(Objects.hashCode(affinity.apply(item)), lanes.size()));
        if (!accepting) {
            throw new RejectedExecutionException(name + " is not running");
        }
        if (!lane.queue.offer(waiter, offerTimeoutNanos, TimeUnit.NANOSECONDS)) {
            throw new RejectedExecutionException(name + " queue stayed full for " + Duration.ofNanos(offerTimeoutNanos));
        }
        // Stopped meanwhile: the writers may have ended before the item was queued. If one of
        // them took it after all, it is handled and the result comes as usual.
        if (!accepting && lane.queue.remove(waiter)) {
            throw new RejectedExecutionException(name + " is not running");
        }
        return waiter.result();
    }

    /**
     * Handles the items as one batch on the caller's thread, past the queue and the writers, with
     * the same failure rules; works whether or not the batcher runs.
     */
    public List<CompletableFuture<R>> handleNow(List<T> items) {
        List<Waiter<T, R>> waiters = items.stream().map(item -> new Waiter<T, R>(item)).toList();
        handle(new Batch<>(waiters, null));
        return waiters.stream().map(Waiter::result).toList();
    }

    /** Items submitted and not yet taken into a batch. */
    public int queued() {
        return lanes.stream().mapToInt(Lane::queued).sum();
    }

    @Override
    protected void doStart() {
        // Before the writers run: a writer that finds the batcher not accepting ends once its queue is empty.
        accepting = true;
        writers = camelContext.getExecutorServiceManager().newFixedThreadPool(this, name, lanes.size() * writersPerLane);
        for (Lane<T, R> lane : lanes) {
            for (int i = 0; i < writersPerLane; i++) {
                writers.execute(() -> write(lane));
            }
        }
    }

    /** Refuses new items, lets the writers handle what is queued, then ends them. */
    @Override
    protected void doStop() {
        accepting = false;
        if (writers != null) {
            // Waits for the writers to run out of work; interrupts them after the drain timeout.
            camelContext.getExecutorServiceManager().shutdownGraceful(writers, drainTimeout.toMillis());
            writers = null;
        }
        RejectedExecutionException stopped = new RejectedExecutionException(name + " stopped before handling the item");
        lanes.forEach(lane -> lane.takeAll().forEach(waiter -> waiter.fail(stopped)));
    }

    @Override
    public String toString() {
        return "MicroBatcher[" + name + "]";
    }

    private void write(Lane<T, R> lane) {
        while (true) {
            List<Waiter<T, R>> batch;
            try {
                batch = fill(lane);
            } catch (InterruptedException e) {
                // Ended by the stop after the drain timeout: what is left fails there.
                Thread.currentThread().interrupt();
                return;
            }
            if (batch == null) {
                return;
            }
            if (!batch.isEmpty()) {
                handle(new Batch<>(batch, lane));
            }
        }
    }

    /**
     * The next batch of the lane: empty when nothing came while idle, null once the batcher is
     * stopping and the lane is empty.
     */
    private List<Waiter<T, R>> fill(Lane<T, R> lane) throws InterruptedException {
        List<Waiter<T, R>> batch = new ArrayList<>();
        lane.filling.lockInterruptibly();
        try {
            Waiter<T, R> first = lane.carried.getAndSet(null);
            if (first == null) {
                // Read before the queue is looked at: whatever was queued before the stop is seen.
                boolean stopping = !accepting;
                first = stopping ? lane.queue.poll() : lane.queue.poll(IDLE_POLL_MILLIS, TimeUnit.MILLISECONDS);
                if (first == null) {
                    return stopping ? null : batch;
                }
            }
            batch.add(first);
            List<T> items = new ArrayList<>();
            items.add(first.item);
            long lingerEnd = first.submittedAt + lingerNanos;
            while (batch.size() < maxBatch) {
                long wait = lingerEnd - System.nanoTime();
                Waiter<T, R> next = wait > 0 ? lane.queue.poll(wait, TimeUnit.NANOSECONDS) : lane.queue.poll();
                if (next == null) {
                    break;
                }
                boolean cut;
                try {
                    cut = cutBefore.test(items, next.item);
                } catch (RuntimeException refused) {
                    next.fail(refused);
                    continue;
                }
                if (cut) {
                    lane.carried.set(next);
                    break;
                }
                batch.add(next);
                items.add(next.item);
            }
            return batch;
        } catch (InterruptedException e) {
            RejectedExecutionException stopped = new RejectedExecutionException(name + " stopped before handling the item");
            batch.forEach(waiter -> waiter.fail(stopped));
            throw e;
        } finally {
            lane.filling.unlock();
        }
    }

    private void handle(Batch<T, R> batch) {
        try {
            handler.handle(batch);
        } catch (Exception | Error failure) {
            if (failure instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LOG.debug("{}: batch of {} failed", name, batch.size(), failure);
            batch.waiters.forEach(waiter -> waiter.fail(failure));
        }
        IllegalStateException noResult = null;
        for (Waiter<T, R> waiter : batch.waiters) {
            if (!waiter.result.isDone()) {
                noResult = noResult != null ? noResult : new IllegalStateException(name + " gave no result for an item of its batch");
                waiter.fail(noResult);
            }
        }
    }

    /** Settings of a {@link MicroBatcher}; unset ones keep the defaults given with each. */
    public static final class Builder<T, R> {

        private final CamelContext camelContext;
        private final String name;
        private final int maxBatch;
        private final Handler<T, R> handler;
        private Duration linger = Duration.ZERO;
        private int writers = 1;
        private Function<? super T, ?> affinity;
        private BiPredicate<? super List<T>, ? super T> cutBefore = (batch, item) -> false;
        private int capacity;
        private Duration offerTimeout = Duration.ZERO;
        private Duration drainTimeout = Duration.ofSeconds(10);

        private Builder(CamelContext camelContext, String name, int maxBatch, Handler<T, R> handler) {
            if (maxBatch < 1) {
                throw new IllegalArgumentException("maxBatch must be at least 1, was " + maxBatch);
            }
            this.camelContext = Objects.requireNonNull(camelContext, "camelContext");
            this.name = Objects.requireNonNull(name, "name");
            this.maxBatch = maxBatch;
            this.handler = Objects.requireNonNull(handler, "handler");
        }

        /** How long a batch waits to fill after its first item was submitted; default zero (take what is queued). */
        public Builder<T, R> linger(Duration linger) {
            if (linger.isNegative()) {
                throw new IllegalArgumentException("linger must not be negative, was " + linger);
            }
            this.linger = linger;
            return this;
        }

        /** Writer threads, each handling its own batches; default one. */
        public Builder<T, R> writers(int writers) {
            if (writers < 1) {
                throw new IllegalArgumentException("writers must be at least 1, was " + writers);
            }
            this.writers = writers;
            return this;
        }

        /** Gives each writer its own queue and sends items with equal keys to the same writer. */
        public Builder<T, R> affinity(Function<? super T, ?> key) {
            this.affinity = Objects.requireNonNull(key, "key");
            return this;
        }

        /** When true for (items of the batch so far, next item), that item starts a new batch. */
        public Builder<T, R> cutBefore(BiPredicate<? super List<T>, ? super T> rule) {
            this.cutBefore = Objects.requireNonNull(rule, "rule");
            return this;
        }

        /**
         * Bounds each writer's queue; a submission waits up to {@code offerTimeout} for room and
         * is refused after that. Default: unbounded.
         */
        public Builder<T, R> bounded(int capacity, Duration offerTimeout) {
            if (capacity < 1) {
                throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
            }
            this.capacity = capacity;
            this.offerTimeout = Objects.requireNonNull(offerTimeout, "offerTimeout");
            return this;
        }

        /** How long stopping waits for the writers to handle what is queued; default ten seconds. */
        public Builder<T, R> drainTimeout(Duration drainTimeout) {
            if (drainTimeout.isNegative() || drainTimeout.isZero()) {
                throw new IllegalArgumentException("drainTimeout must be positive, was " + drainTimeout);
            }
            this.drainTimeout = drainTimeout;
            return this;
        }

        public MicroBatcher<T, R> build() {
            return new MicroBatcher<>(this);
        }
    }
}
