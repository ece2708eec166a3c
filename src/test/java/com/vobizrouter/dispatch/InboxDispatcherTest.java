package com.vobizrouter.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** How the poller claims against the dispatch capacity, without Spring or a database. */
class InboxDispatcherTest {

    private static final Duration LEASE = Duration.ofMinutes(5);

    private final DefaultCamelContext camel = new DefaultCamelContext();
    private final InboxStore inbox = mock(InboxStore.class);

    @AfterEach
    void stopCamel() {
        camel.stop();
    }

    @Test
    void aFullBatchAsksForMoreAndAShortOneEndsTheLoop() {
        InboxDispatcher dispatcher = dispatcher(8, 4, Duration.ofSeconds(10));
        when(inbox.claim(4, LEASE)).thenReturn(events(4));
        Exchange full = claim(dispatcher);
        assertThat(full.getIn().getBody(List.class)).hasSize(4);
        assertThat(full.getProperty("vobizMoreWork", Boolean.class)).isTrue();

        when(inbox.claim(4, LEASE)).thenReturn(events(1));
        Exchange shortBatch = claim(dispatcher);
        assertThat(shortBatch.getIn().getBody(List.class)).hasSize(1);
        assertThat(shortBatch.getProperty("vobizMoreWork", Boolean.class)).isFalse();
    }

    @Test
    void withEveryPlaceTakenTheNextClaimWaitsForAPlaceToBeFreedInsteadOfAPollInterval() {
        InboxDispatcher dispatcher = dispatcher(4, 4, Duration.ofSeconds(30));
        when(inbox.claim(4, LEASE)).thenReturn(events(4));
        assertThat(claim(dispatcher).getProperty("vobizMoreWork", Boolean.class)).isTrue();

        when(inbox.claim(1, LEASE)).thenReturn(events(1));
        CompletableFuture<Exchange> next = CompletableFuture.supplyAsync(() -> claim(dispatcher));
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> !next.isDone());
        verify(inbox, never()).claim(1, LEASE);

        dispatcher.release(new DefaultExchange(camel));
        await().atMost(Duration.ofSeconds(5)).until(next::isDone);
        assertThat(next.join().getIn().getBody(List.class)).hasSize(1);
        verify(inbox).claim(1, LEASE);
    }

    @Test
    void theClaimWaitsUntilAQuarterOfThePlacesIsFreeSoThatItDoesNotQueryForEachOne() {
        InboxDispatcher dispatcher = dispatcher(8, 8, Duration.ofSeconds(30));
        when(inbox.claim(8, LEASE)).thenReturn(events(8));
        claim(dispatcher);

        when(inbox.claim(2, LEASE)).thenReturn(events(2));
        CompletableFuture<Exchange> next = CompletableFuture.supplyAsync(() -> claim(dispatcher));
        dispatcher.release(new DefaultExchange(camel));
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> !next.isDone());

        dispatcher.release(new DefaultExchange(camel));
        await().atMost(Duration.ofSeconds(5)).until(next::isDone);
        assertThat(next.join().getIn().getBody(List.class)).hasSize(2);
    }

    @Test
    void whenNoPlaceFreesWithinAPollIntervalTheLoopEndsWithoutQueryingTheInbox() {
        InboxDispatcher dispatcher = dispatcher(2, 2, Duration.ofMillis(100));
        when(inbox.claim(2, LEASE)).thenReturn(events(2));
        claim(dispatcher);

        Exchange starved = claim(dispatcher);
        assertThat(starved.getIn().getBody(List.class)).isEmpty();
        assertThat(starved.getProperty("vobizMoreWork", Boolean.class)).isFalse();
        verify(inbox, times(1)).claim(anyInt(), any());
    }

    @Test
    void aStoppingRouterClaimsNothingMore() {
        InboxDispatcher dispatcher = dispatcher(8, 8, Duration.ofMillis(100));
        DefaultCamelContext stopping = new DefaultCamelContext() {
            @Override
            public boolean isStopping() {
                return true;
            }
        };
        Exchange exchange = new DefaultExchange(stopping);
        dispatcher.claim(exchange);
        assertThat(exchange.getIn().getBody(List.class)).isEmpty();
        assertThat(exchange.getProperty("vobizMoreWork", Boolean.class)).isFalse();
        verify(inbox, never()).claim(anyInt(), any());
    }

    private InboxDispatcher dispatcher(int concurrency, int batchSize, Duration pollInterval) {
        Clock clock = Clock.systemUTC();
        return new InboxDispatcher(inbox, mock(DoneMarks.class), new SinkStates(clock), batchSize, concurrency, LEASE, pollInterval, new SimpleMeterRegistry(),
                clock);
    }

    private Exchange claim(InboxDispatcher dispatcher) {
        Exchange exchange = new DefaultExchange(camel);
        dispatcher.claim(exchange);
        return exchange;
    }

    private static List<InboxEvent> events(int count) {
        return IntStream.range(0, count)
                .mapToObj(i -> new InboxEvent(i, "evt_" + i, "message.sent", "ch", null, Instant.now(), 0, "{}", "token"))
                .toList();
    }
}
