package com.vobizrouter.drills;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import com.vobizrouter.drills.DrillEvents.DrillEvent;
import com.vobizrouter.testsupport.Signatures;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Plays Vobiz under load: signed, unique events of all 7 types at a steady rate from many
 * threads, and, like Vobiz, each event that got no 200 (a 503, a broken connection, a timeout)
 * is sent again later, with growing pauses, until a 200 comes back. Every answer is recorded
 * with when it was sent and how long it took, so a drill can tell which events were accepted,
 * which were accepted twice, and how intake latency moved while something was broken.
 *
 * <p>Where an event goes is up to the drill ({@link Routing}): one router whose address changes
 * across restarts, or several instances that all get the same event at once.
 */
final class LoadSender implements AutoCloseable {

    /** One answer to one request: sent {@code atMillis} after the load started, status 0 for no answer. */
    record Answer(long atMillis, long latencyMillis, int status, String outcome) {

        boolean ok() {
            return status == 200;
        }

        long answeredAtMillis() {
            return atMillis + latencyMillis;
        }
    }

    /** Where attempt {@code attempt} (0 first) of event {@code n} is sent; several targets get it at once. */
    @FunctionalInterface
    interface Routing {
        List<URI> targets(long n, int attempt);
    }

    /** An event and every answer it got. */
    static final class Sent {
        final DrillEvent event;
        private final List<Answer> answers = new ArrayList<>();
        private int attempts;
        private boolean acknowledged;

        Sent(DrillEvent event) {
            this.event = event;
        }

        synchronized List<Answer> answers() {
            return List.copyOf(answers);
        }

        synchronized boolean acknowledged() {
            return acknowledged;
        }

        synchronized long count(String outcome) {
            return answers.stream().filter(a -> outcome.equals(a.outcome())).count();
        }
    }

    private record Retry(Sent sent, long dueNanos) implements Delayed {
        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(dueNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed other) {
            return Long.compare(dueNanos, ((Retry) other).dueNanos);
        }
    }

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final DrillEvents events;
    private final String secret;
    private final int threads;
    private final long intervalNanos;
    private final Duration length;
    private final Routing routing;
    private final Map<String, Sent> sent = new ConcurrentHashMap<>();
    private final Queue<Answer> answers = new ConcurrentLinkedQueue<>();
    private final DelayQueue<Retry> retries = new DelayQueue<>();
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicInteger unacknowledged = new AtomicInteger();
    private final CountDownLatch loadOver = new CountDownLatch(1);
    private volatile boolean stopped;
    private ExecutorService workers;
    private long startNanos;
    private volatile long endNanos;

    /**
     * @param rate new events per second over all threads
     * @param length how long new events are sent at most ({@link #endLoad()} ends it earlier);
     *        retries go on until {@link #close()}
     */
    LoadSender(DrillEvents events, String secret, int threads, int rate, Duration length, Routing routing) {
        this.events = events;
        this.secret = secret;
        this.threads = threads;
        this.intervalNanos = 1_000_000_000L / rate;
        this.length = length;
        this.routing = routing;
    }

    LoadSender start() {
        startNanos = System.nanoTime();
        endNanos = startNanos + length.toNanos();
        workers = Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, "drill-sender");
            thread.setDaemon(true);
            return thread;
        });
        for (int i = 0; i < threads; i++) {
            workers.execute(this::work);
        }
        return this;
    }

    /** No new events from now on (retries go on). */
    void endLoad() {
        endNanos = Math.min(endNanos, System.nanoTime());
    }

    /** Milliseconds since the load started. */
    long elapsedMillis() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    /** Waits until the load has run {@code millis} since it started. */
    void awaitElapsed(long millis) {
        await().atMost(Duration.ofMillis(Math.max(0, millis - elapsedMillis()) + 60_000)).pollInterval(Duration.ofMillis(50))
                .until(() -> elapsedMillis() >= millis);
    }

    /** Waits until no new events are due any more. */
    void awaitLoadOver() throws InterruptedException {
        if (!loadOver.await(length.toMillis() + 60_000, TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("load did not end");
        }
    }

    /** Waits until every event sent got a 200 (retries go on meanwhile); false if some still have none. */
    boolean awaitAcknowledged(Duration atMost) {
        try {
            await().atMost(atMost).pollInterval(Duration.ofMillis(200)).until(() -> unacknowledged.get() == 0);
            return true;
        } catch (ConditionTimeoutException e) {
            return false;
        }
    }

    Collection<Sent> sent() {
        return sent.values();
    }

    /** Every answer, in no particular order. */
    List<Answer> answers() {
        return List.copyOf(answers);
    }

    /** Answers to requests sent in [fromMillis, toMillis). */
    List<Answer> answersSentBetween(long fromMillis, long toMillis) {
        return answers.stream().filter(a -> a.atMillis() >= fromMillis && a.atMillis() < toMillis).toList();
    }

    @Override
    public void close() {
        stopped = true;
        if (workers != null) {
            workers.shutdownNow();
        }
    }

    private void work() {
        while (!stopped) {
            Retry retry = retries.poll();
            if (retry != null) {
                attempt(retry.sent());
                continue;
            }
            long n = sequence.getAndIncrement();
            long due = startNanos + n * intervalNanos;
            // A sender behind schedule (a slow router) stops at the end time too: the load lasts its length.
            if (due < endNanos && System.nanoTime() < endNanos) {
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                Sent fresh = new Sent(events.event(n));
                unacknowledged.incrementAndGet();
                sent.put(fresh.event.id(), fresh);
                attempt(fresh);
                continue;
            }
            loadOver.countDown();
            try {
                Retry later = retries.poll(100, TimeUnit.MILLISECONDS);
                if (later != null) {
                    attempt(later.sent());
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void attempt(Sent event) {
        int attempt;
        synchronized (event) {
            attempt = event.attempts++;
        }
        List<URI> targets = routing.targets(event.event.n(), attempt);
        List<CompletableFuture<Answer>> calls = new ArrayList<>();
        for (URI target : targets) {
            calls.add(send(target, event.event.body()));
        }
        boolean ok = false;
        for (CompletableFuture<Answer> call : calls) {
            Answer answer = call.join();
            answers.add(answer);
            synchronized (event) {
                event.answers.add(answer);
            }
            ok |= answer.ok();
        }
        if (ok) {
            synchronized (event) {
                if (!event.acknowledged) {
                    event.acknowledged = true;
                    unacknowledged.decrementAndGet();
                }
            }
        } else if (!stopped) {
            // Vobiz retries with growing pauses; capped so a drill does not wait long after recovery.
            long pauseMillis = Math.min(4000, 250L << Math.min(attempt, 4)) + ThreadLocalRandom.current().nextLong(250);
            retries.add(new Retry(event, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(pauseMillis)));
        }
    }

    private CompletableFuture<Answer> send(URI target, byte[] body) {
        HttpRequest request = HttpRequest.newBuilder(target).timeout(REQUEST_TIMEOUT).header("Content-Type", "application/json")
                .header("X-Vobiz-Signature", "sha256=" + Signatures.hex(secret, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        long sentAt = System.nanoTime();
        long atMillis = (sentAt - startNanos) / 1_000_000;
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)).handle((response, failure) -> {
            long latency = (System.nanoTime() - sentAt) / 1_000_000;
            if (failure != null) {
                return new Answer(atMillis, latency, 0, failure instanceof IOException || failure.getCause() instanceof IOException
                        ? "no answer" : "error");
            }
            return new Answer(atMillis, latency, response.statusCode(), outcome(response));
        });
    }

    private static String outcome(HttpResponse<String> response) {
        if (response.statusCode() != 200) {
            return String.valueOf(response.statusCode());
        }
        String body = response.body();
        for (String outcome : List.of("accepted", "duplicate", "ignored")) {
            if (body.contains("\"status\":\"" + outcome + "\"")) {
                return outcome;
            }
        }
        return "200 other";
    }
}
