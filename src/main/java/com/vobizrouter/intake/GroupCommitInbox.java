package com.vobizrouter.intake;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.vobizrouter.batch.BatchingService;
import com.vobizrouter.batch.MicroBatcher;
import com.vobizrouter.batch.MicroBatcher.Waiter;
import com.vobizrouter.inbox.EventKeys;
import com.vobizrouter.inbox.InboxRow;
import com.vobizrouter.inbox.InboxWriter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.spi.IdempotentRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The Idempotent Consumer's repository for intake: it records an event id in camel-sql's table
 * ({@code CAMEL_MESSAGEPROCESSED}) and inserts the event into the inbox in the same transaction,
 * and it shares that transaction among the requests that arrive together (group commit).
 *
 * <p>Why: with one transaction per request, a webhook cost about seven database round trips and
 * one durable commit, and on a small machine the router spent its time waiting for them. Here
 * each request thread hands its event to a writer and waits; a writer takes everything queued
 * (up to {@code maxBatch}), looks up which ids are already known in one query, inserts the new
 * keys and inbox rows as two JDBC batches and commits once. Only then are the waiting requests
 * released, so a 200 is still never written before its event is durable. The queues and writer
 * threads are a {@link MicroBatcher}'s; what a batch does with its events is this class's. Camel
 * stops this repository with the intake route, after in-flight requests have finished: it then
 * stops taking events and stores what is already queued.
 *
 * <p>Copies of one event: a key always goes to the same writer, so copies arriving together meet
 * in one batch (the first is new, the others are duplicates once it has committed) or in
 * consecutive batches of that writer. A copy racing on another instance makes the batch insert
 * fail on the primary key; the batch is then rolled back and its events are stored one
 * transaction each, where a duplicate key means "already added". If a batch cannot be committed
 * every request in it fails, copies included, so no copy is answered duplicate for an event
 * that was never stored.
 */
public class GroupCommitInbox extends BatchingService implements IdempotentRepository {

    private static final Logger LOG = LoggerFactory.getLogger(GroupCommitInbox.class);

    private final InboxWriter writer;
    private final String source;
    private final TransactionTemplate transactions;
    private final IdempotentRepository keys;
    private final Duration answerTimeout;
    private final DistributionSummary batchSizes;
    private final MicroBatcher<Event, Boolean> batcher;

    /**
     * The repository of one webhook source: its keys under its own {@code processorName}, its
     * inbox rows marked with its name.
     *
     * @param camelContext  whose thread pools the writers come from
     * @param writer        the inbox's insert, its keys under this repository's {@code processorName}
     * @param keys          camel-sql's repository on the same table, used for the single-key
     *                      operations (contains, remove, clear)
     * @param writers       writer threads, each committing its own batches
     * @param maxBatch      most events in one transaction
     * @param answerTimeout longest a request waits for its batch before it fails (answered 503)
     */
    public GroupCommitInbox(CamelContext camelContext, InboxWriter writer, PlatformTransactionManager transactionManager,
            IdempotentRepository keys, String source, int writers, int maxBatch, Duration answerTimeout, MeterRegistry meterRegistry) {
        this.source = source;
        this.writer = writer;
        this.transactions = new TransactionTemplate(transactionManager);
        this.keys = keys;
        this.answerTimeout = answerTimeout;
        this.batchSizes = DistributionSummary.builder("vobiz.intake.commit.batch")
                .description("Events stored per intake transaction (group commit)")
                .baseUnit("events").register(meterRegistry);
        this.batcher = owned(MicroBatcher.<Event, Boolean>builder(camelContext, "inbox-writer", maxBatch, this::storeBatch)
                .writers(writers)
                .affinity(Event::key)
                .bounded(maxBatch * 16, answerTimeout)
                .drainTimeout(answerTimeout)
                .build());
    }

    /**
     * Stores the exchange's event (id, type, channel, timestamp, body, the view in
     * {@link IntakeKeys#NORMALISED} and the status in {@link IntakeKeys#INBOX_STATUS}) with its key, and returns whether the key was new. Blocks until the
     * transaction holding it has committed.
     */
    @Override
    public boolean add(Exchange exchange, String key) {
        try {
            return batcher.submit(new Event(key, inboxRow(exchange))).get(answerTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException notTaken) {
            throw new DataAccessResourceFailureException("intake storage is not taking events", notTaken);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DataAccessResourceFailureException("interrupted while storing " + key, e);
        } catch (TimeoutException e) {
            throw new DataAccessResourceFailureException("event " + key + " not stored within " + answerTimeout, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RejectedExecutionException notTaken) {
                throw new DataAccessResourceFailureException("intake storage is not taking events", notTaken);
            }
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new DataAccessResourceFailureException("event " + key + " not stored", e.getCause());
        }
    }

    @Override
    public boolean add(String key) {
        throw new UnsupportedOperationException("the event itself is needed: use add(Exchange, String)");
    }

    @Override
    public boolean contains(String key) {
        return keys.contains(key);
    }

    @Override
    public boolean remove(String key) {
        return keys.remove(key);
    }

    @Override
    public boolean confirm(String key) {
        return true;
    }

    @Override
    public void clear() {
        keys.clear();
    }

    /** Stores the events as one writer batch, on the caller's thread; the batch rules' tests use it. */
    List<CompletableFuture<Boolean>> storeAsOneBatch(List<Exchange> exchanges) {
        return batcher.handleNow(exchanges.stream()
                .map(exchange -> new Event(exchange.getProperty(EventKeys.EVENT_ID, String.class), inboxRow(exchange)))
                .toList());
    }

    /** Events queued and not yet taken by a writer; the batch rules' tests use it. */
    int queued() {
        return batcher.queued();
    }

    private InboxRow inboxRow(Exchange exchange) {
        return new InboxRow(exchange.getProperty(EventKeys.EVENT_ID, String.class),
                exchange.getProperty(EventKeys.EVENT_TYPE, String.class), exchange.getProperty(EventKeys.CHANNEL_ID, String.class),
                exchange.getProperty(EventKeys.EVENT_TIMESTAMP, String.class), exchange.getProperty(IntakeKeys.INBOX_STATUS, String.class),
                exchange.getIn().getBody(String.class), source, exchange.getProperty(IntakeKeys.NORMALISED, String.class),
                exchange.getProperty(IntakeKeys.TRACE_PARENT, String.class));
    }

    /** A writer's batch (or {@link #storeAsOneBatch}'s, with nothing queued behind it). */
    private void storeBatch(MicroBatcher.Batch<Event, Boolean> batch) {
        RuntimeException unreachable = store(batch.waiters());
        if (unreachable != null) {
            // No connection for this batch: the requests queued behind it would each wait for
            // another connection timeout. They fail now and get their 503 (Vobiz retries).
            batch.failQueuedBehind(unreachable);
        }
    }

    /** Stores one batch; returns the failure when no database connection could be had, else null. */
    private RuntimeException store(List<Waiter<Event, Boolean>> batch) {
        batchSizes.record(batch.size());
        Map<String, Waiter<Event, Boolean>> firstCopies = new HashMap<>();
        List<Waiter<Event, Boolean>> laterCopies = new ArrayList<>();
        for (Waiter<Event, Boolean> pending : batch) {
            if (firstCopies.putIfAbsent(pending.item().key(), pending) != null) {
                laterCopies.add(pending);
            }
        }
        try {
            Set<String> known = transactions.execute(status -> insertNew(firstCopies));
            firstCopies.values().forEach(pending -> pending.complete(!known.contains(pending.item().key())));
            completeCopies(firstCopies, laterCopies);
            return null;
        } catch (DataIntegrityViolationException oneRowRefused) {
            // A copy stored meanwhile by another instance, or one row the database refuses: each
            // event on its own, so the others are not failed with it.
            storeOneByOne(firstCopies.values());
            completeCopies(firstCopies, laterCopies);
        } catch (RuntimeException | Error failure) {
            LOG.debug("intake batch of {} events not stored", batch.size(), failure);
            batch.forEach(pending -> pending.fail(failure));
            if (failure instanceof CannotCreateTransactionException || failure instanceof CannotGetJdbcConnectionException) {
                return (RuntimeException) failure;
            }
        }
        return null;
    }

    /** A later copy is a duplicate once its first copy is stored; it fails when that one failed. */
    private static void completeCopies(Map<String, Waiter<Event, Boolean>> firstCopies, List<Waiter<Event, Boolean>> laterCopies) {
        for (Waiter<Event, Boolean> copy : laterCopies) {
            firstCopies.get(copy.item().key()).result().whenComplete((stored, failure) -> {
                if (failure == null) {
                    copy.complete(false);
                } else {
                    copy.fail(failure);
                }
            });
        }
    }

    /** Inserts the keys and inbox rows of the events whose key is not known yet; returns the known keys. */
    private Set<String> insertNew(Map<String, Waiter<Event, Boolean>> byKey) {
        Map<String, InboxRow> rows = new HashMap<>();
        byKey.forEach((key, pending) -> rows.put(key, pending.item().row()));
        return writer.insertNew(rows);
    }

    /** After a batch lost a race with another instance: one transaction per event. */
    private void storeOneByOne(Iterable<Waiter<Event, Boolean>> events) {
        for (Waiter<Event, Boolean> pending : events) {
            String key = pending.item().key();
            try {
                Set<String> known = transactions.execute(status -> insertNew(Map.of(key, pending)));
                pending.complete(!known.contains(key));
            } catch (DuplicateKeyException concurrentCopy) {
                pending.complete(false);
            } catch (RuntimeException | Error failure) {
                pending.fail(failure);
            }
        }
    }

    /** One request's event: its key and its inbox row. */
    private record Event(String key, InboxRow row) {
    }
}
