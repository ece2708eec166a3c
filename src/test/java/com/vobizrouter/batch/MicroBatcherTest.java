package com.vobizrouter.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The micro-batcher on its own: batch limits, linger, the cut rule, failures, stopping, writers. */
class MicroBatcherTest {

    private final CamelContext camel = new DefaultCamelContext();
    private final List<MicroBatcher<?, ?>> started = new ArrayList<>();
    /** The items of each handled batch, in the order the batches were handled. */
    private final List<List<String>> batches = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startCamel() {
        camel.start();
    }

    @AfterEach
    void stopAll() {
        started.forEach(MicroBatcher::stop);
        camel.stop();
    }

    @Test
    void itemsQueuedWhileABatchIsHandledFormTheNextBatchesOfAtMostMaxBatchEach() throws Exception {
        Gate gate = new Gate();
        MicroBatcher<String, String> batcher = start(MicroBatcher.builder(camel, "test-batcher", 4, gate.holdingFirstBatch(echo())));

        CompletableFuture<String> first = batcher.submit("first");
        gate.awaitHeld();
        List<CompletableFuture<String>> queued = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            queued.add(batcher.submit("item-" + i));
        }
        assertThat(batcher.queued()).isEqualTo(10);
        gate.release();

        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("done first");
        for (int i = 0; i < queued.size(); i++) {
            assertThat(queued.get(i).get(10, TimeUnit.SECONDS)).isEqualTo("done item-" + (i + 1));
        }
        assertThat(batches).extracting(List::size).containsExactly(1, 4, 4, 2);
    }

    @Test
    void aBatchWaitsUpToTheLingerForMoreItemsAndGoesOutAsSoonAsItIsFull() throws Exception {
        MicroBatcher<String, String> batcher = start(MicroBatcher.builder(camel, "test-batcher", 3, echo()).linger(Duration.ofMinutes(1)));

        CompletableFuture<String> a = batcher.submit("a");
        CompletableFuture<String> b = batcher.submit("b");
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> !a.isDone() && !b.isDone());
        CompletableFuture<String> c = batcher.submit("c");

        assertThat(c.get(10, TimeUnit.SECONDS)).isEqualTo("done c");
        assertThat(batches).containsExactly(List.of("a", "b", "c"));
    }

    @Test
    void aBatchThatDoesNotFillGoesOutWhenTheLingerAfterItsFirstItemEnds() throws Exception {
        Duration linger = Duration.ofMillis(300);
        MicroBatcher<String, String> batcher = start(MicroBatcher.builder(camel, "test-batcher", 100, echo()).linger(linger));

        long submitted = System.nanoTime();
        CompletableFuture<String> alone = batcher.submit("alone");

        assertThat(alone.get(10, TimeUnit.SECONDS)).isEqualTo("done alone");
        assertThat(Duration.ofNanos(System.nanoTime() - submitted)).isGreaterThanOrEqualTo(linger);
        assertThat(batches).containsExactly(List.of("alone"));
    }

    @Test
    void anItemTheCutRuleKeepsOutOfABatchSendsThatBatchAtOnceAndStartsTheNext() throws Exception {
        MicroBatcher<String, String> batcher = start(MicroBatcher.builder(camel, "test-batcher", 3, echo())
                .linger(Duration.ofMinutes(1))
                .cutBefore((batch, item) -> batch.contains(item)));

        List<CompletableFuture<String>> results = new ArrayList<>();
        for (String item : List.of("a", "b", "a", "c", "d")) {
            results.add(batcher.submit(item));
        }

        for (CompletableFuture<String> result : results) {
            result.get(10, TimeUnit.SECONDS);
        }
        assertThat(batches).containsExactly(List.of("a", "b"), List.of("a", "c", "d"));
    }

    @Test
    void anItemWhoseCutRuleThrowsFailsAloneAndTheBatchGoesOn() throws Exception {
        IllegalStateException unreadable = new IllegalStateException("unreadable item");
        MicroBatcher<String, String> batcher = start(MicroBatcher.builder(camel, "test-batcher", 3, echo())
                .linger(Duration.ofMinutes(1))
                .cutBefore((batch, item) -> {
                    if (item.equals("bad")) {
                        throw unreadable;
                    }
                    return false;
                }));

        CompletableFuture<String> a = batcher.submit("a");
        CompletableFuture<String> bad = batcher.submit("bad");
        CompletableFuture<String> b = batcher.submit("b");
        CompletableFuture<String> c = batcher.submit("c");

        assertThatThrownBy(() -> bad.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class).cause().isSameAs(unreadable);
        assertThat(List.of(a.get(10, TimeUnit.SECONDS), b.get(10, TimeUnit.SECONDS), c.get(10, TimeUnit.SECONDS)))
                .containsExactly("done a", "done b", "done c");
        assertThat(batches).containsExactly(List.of("a", "b", "c"));
    }

    @Test
    void failsEveryWaiterOfABatchWhoseCallbackThrowsAndHandlesTheNextBatchAsUsual() throws Exception {
        IllegalStateException refused = new IllegalStateException("refused");
        Gate gate = new Gate();
        MicroBatcher<String, String> batcher = start(MicroBatcher.builder(camel, "test-batcher", 10,
                gate.holdingFirstBatch(batch -> {
                    batches.add(batch.items());
                    if (batch.items().contains("poison")) {
                        throw refused;
                    }
                    batch.waiters().forEach(waiter -> waiter.complete("done " + waiter.item()));
                })));

        CompletableFuture<String> first = batcher.submit("first");
        gate.awaitHeld();
        List<CompletableFuture<String>> failing = List.of(batcher.submit("x"), batcher.submit("poison"), batcher.submit("y"));
        gate.release();

        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("done first");
        for (CompletableFuture<String> result : failing) {
            assertThatThrownBy(() -> result.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class).cause().isSameAs(refused);
        }
        assertThat(batcher.submit("later").get(10, TimeUnit.SECONDS)).isEqualTo("done later");
    }

    @Test
    void aWaiterTheCallbackLeavesWithoutAResultFailsInsteadOfWaitingForever() throws Exception {
        MicroBatcher<String, String> batcher = start(MicroBatcher.builder(camel, "test-batcher", 10,
                batch -> batch.waiters().stream().filter(waiter -> !waiter.item().equals("forgotten"))
                        .forEach(waiter -> waiter.complete("done " + waiter.item()))));

        CompletableFuture<String> forgotten = batcher.submit("forgotten");

        assertThatThrownBy(() -> forgotten.get(10, TimeUnit.SECONDS)).cause().isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theCallbackCanFailEverythingQueuedBehindItsBatchAtOnce() throws Exception {
        IllegalStateException unreachable = new IllegalStateException("unreachable");
        Gate gate = new Gate();
        MicroBatcher<String, String> batcher = start(MicroBatcher.builder(camel, "test-batcher", 1,
                gate.holdingFirstBatch(batch -> {
                    batches.add(batch.items());
                    batch.waiters().forEach(waiter -> waiter.fail(unreachable));
                    batch.failQueuedBehind(unreachable);
                })));

        CompletableFuture<String> first = batcher.submit("first");
        gate.awaitHeld();
        List<CompletableFuture<String>> behind = List.of(batcher.submit("b"), batcher.submit("c"), batcher.submit("d"));
        gate.release();

        for (CompletableFuture<String> result : behind) {
            assertThatThrownBy(() -> result.get(10, TimeUnit.SECONDS)).cause().isSameAs(unreachable);
        }
        assertThatThrownBy(() -> first.get(10, TimeUnit.SECONDS)).cause().isSameAs(unreachable);
        assertThat(batches).as("batches handled").containsExactly(List.of("first"));
        assertThat(batcher.queued()).isZero();
    }

    @Test
    void stoppingHandlesEverythingQueuedAndThenRefusesNewItems() throws Exception {
        Gate gate = new Gate();
        MicroBatcher<String, String> batcher = start(MicroBatcher.builder(camel, "test-batcher", 2, gate.holdingFirstBatch(echo())));
        List<CompletableFuture<String>> results = new ArrayList<>();
        results.add(batcher.submit("first"));
        gate.awaitHeld();
        for (int i = 1; i <= 5; i++) {
            results.add(batcher.submit("queued-" + i));
        }

        CompletableFuture<Void> stopping = CompletableFuture.runAsync(batcher::stop);
        await().atMost(Duration.ofSeconds(5)).until(batcher::isStopping);
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> !stopping.isDone());
        gate.release();
        stopping.get(10, TimeUnit.SECONDS);

        for (CompletableFuture<String> result : results) {
            assertThat(result).isCompletedWithValueMatching(value -> value.startsWith("done "));
        }
        assertThat(batches).extracting(List::size).containsExactly(1, 2, 2, 1);
        assertThatThrownBy(() -> batcher.submit("after stop")).isInstanceOf(RejectedExecutionException.class);
    }

    @Test
    void itemsWithEqualKeysAlwaysGoToTheSameWriter() throws Exception {
        Map<String, Set<String>> threadsByKey = new ConcurrentHashMap<>();
        MicroBatcher<String, String> batcher = start(MicroBatcher.builder(camel, "test-batcher", 5, (MicroBatcher.Handler<String, String>) batch -> {
            for (MicroBatcher.Waiter<String, String> waiter : batch.waiters()) {
                threadsByKey.computeIfAbsent(key(waiter.item()), key -> ConcurrentHashMap.newKeySet()).add(Thread.currentThread().getName());
                waiter.complete(waiter.item());
            }
        }).writers(4).affinity(MicroBatcherTest::key));

        List<CompletableFuture<String>> results = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            results.add(batcher.submit("key-" + (i % 20) + "/" + i));
        }
        for (CompletableFuture<String> result : results) {
            result.get(10, TimeUnit.SECONDS);
        }

        assertThat(threadsByKey).hasSize(20);
        assertThat(threadsByKey.values()).allSatisfy(threads -> assertThat(threads).hasSize(1));
        assertThat(threadsByKey.values().stream().flatMap(Set::stream).distinct().count()).as("writers used").isGreaterThan(1);
    }

    @Test
    void writersWithoutAffinityShareTheQueueAndHandleBatchesSideBySide() throws Exception {
        Gate gate = new Gate();
        MicroBatcher<String, String> batcher = start(MicroBatcher.builder(camel, "test-batcher", 10, gate.holdingFirstBatch(echo())).writers(2));

        CompletableFuture<String> held = batcher.submit("held");
        gate.awaitHeld();
        CompletableFuture<String> meanwhile = batcher.submit("meanwhile");

        assertThat(meanwhile.get(10, TimeUnit.SECONDS)).isEqualTo("done meanwhile");
        assertThat(held).isNotDone();
        gate.release();
        assertThat(held.get(10, TimeUnit.SECONDS)).isEqualTo("done held");
    }

    @Test
    void aSubmissionToAFullBoundedQueueIsRefusedAfterTheOfferTimeout() throws Exception {
        Gate gate = new Gate();
        MicroBatcher<String, String> batcher = start(MicroBatcher.builder(camel, "test-batcher", 1, gate.holdingFirstBatch(echo()))
                .bounded(2, Duration.ofMillis(200)));
        batcher.submit("first");
        gate.awaitHeld();
        batcher.submit("a");
        batcher.submit("b");

        long offered = System.nanoTime();
        assertThatThrownBy(() -> batcher.submit("c")).isInstanceOf(RejectedExecutionException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - offered)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
        gate.release();
    }

    @Test
    void writersAreNamedCamelThreadsThatStartAndStopWithTheContext() throws Exception {
        CamelContext own = new DefaultCamelContext();
        Set<String> threads = ConcurrentHashMap.newKeySet();
        MicroBatcher<String, String> batcher = MicroBatcher.<String, String>builder(own, "named-writer", 10, batch -> {
            threads.add(Thread.currentThread().getName());
            batch.waiters().forEach(waiter -> waiter.complete(waiter.item()));
        }).build();
        own.addService(batcher);
        assertThatThrownBy(() -> batcher.submit("before start")).isInstanceOf(RejectedExecutionException.class);

        own.start();
        try {
            assertThat(batcher.submit("item").get(10, TimeUnit.SECONDS)).isEqualTo("item");
        } finally {
            own.stop();
        }

        assertThat(threads).singleElement().asString().startsWith("Camel (" + own.getName() + ") thread #").endsWith(" - named-writer");
        assertThat(batcher.isStopped()).isTrue();
        assertThatThrownBy(() -> batcher.submit("after stop")).isInstanceOf(RejectedExecutionException.class);
    }

    @Test
    void aBatchHandledOnTheCallersThreadFollowsTheSameRules() {
        MicroBatcher<String, String> batcher = MicroBatcher.<String, String>builder(camel, "test-batcher", 10, batch -> {
            batches.add(batch.items());
            batch.failQueuedBehind(new IllegalStateException("nothing is queued here"));
            throw new IllegalStateException("refused");
        }).build();

        List<CompletableFuture<String>> results = batcher.handleNow(List.of("a", "b"));

        assertThat(batches).containsExactly(List.of("a", "b"));
        assertThat(results).allSatisfy(result -> assertThat(result).isCompletedExceptionally());
        assertThatThrownBy(() -> results.get(0).join()).hasRootCauseMessage("refused");
    }

    private MicroBatcher.Handler<String, String> echo() {
        return batch -> {
            batches.add(batch.items());
            batch.waiters().forEach(waiter -> waiter.complete("done " + waiter.item()));
        };
    }

    private <T, R> MicroBatcher<T, R> start(MicroBatcher.Builder<T, R> builder) {
        MicroBatcher<T, R> batcher = builder.build();
        batcher.start();
        started.add(batcher);
        return batcher;
    }

    private static String key(String item) {
        return item.substring(0, item.indexOf('/'));
    }

    /** Holds the first batch in its handler until released, so items queue up behind it. */
    private static final class Gate {

        private final CountDownLatch held = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);

        <T, R> MicroBatcher.Handler<T, R> holdingFirstBatch(MicroBatcher.Handler<T, R> handler) {
            return batch -> {
                if (held.getCount() > 0) {
                    held.countDown();
                    if (!released.await(30, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("gate not released");
                    }
                }
                handler.handle(batch);
            };
        }

        void awaitHeld() throws InterruptedException {
            assertThat(held.await(10, TimeUnit.SECONDS)).as("first batch in the handler").isTrue();
        }

        void release() {
            released.countDown();
        }
    }
}
