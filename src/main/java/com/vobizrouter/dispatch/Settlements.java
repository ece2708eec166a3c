package com.vobizrouter.dispatch;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;

import com.vobizrouter.batch.BatchingService;
import com.vobizrouter.batch.MicroBatcher;
import com.vobizrouter.inbox.InboxStore;
import org.apache.camel.CamelContext;

/**
 * Writes the outcomes of events that did not reach every destination at once (a delivery waits,
 * failed or died) in group commits, as {@link DoneMarks} does for events delivered everywhere:
 * dispatch workers that finish at about the same time share one transaction. Under a storm of
 * pauses (a destination answering 429 to every waiting event) that is many events a second, each
 * of which would otherwise take a connection and a commit of its own.
 *
 * <p>A worker waits until its own settlement is committed; a failed batch fails every worker in
 * it, whose events are then handled like any other failed dispatch. While the service is not
 * running, settlements are written one by one.
 */
public class Settlements extends BatchingService {

    private final InboxStore inbox;
    private final MicroBatcher<InboxStore.Settlement, String> batcher;

    /** @param camelContext whose thread pools the writer comes from */
    public Settlements(CamelContext camelContext, InboxStore inbox, int maxBatch) {
        this.inbox = inbox;
        this.batcher = owned(MicroBatcher.<InboxStore.Settlement, String>builder(camelContext, "inbox-settlement-writer", Math.max(1, maxBatch),
                this::write).build());
    }

    /** Writes the settlement and returns once it is committed: the event's status, null when its lease was lost. */
    public String settle(InboxStore.Settlement settlement) {
        try {
            return batcher.submit(settlement).get();
        } catch (RejectedExecutionException notRunning) {
            return inbox.settle(java.util.List.of(settlement))[0];
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while event " + settlement.event().eventId() + " was being settled", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RejectedExecutionException) {
                return inbox.settle(java.util.List.of(settlement))[0];
            }
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        }
    }

    private void write(MicroBatcher.Batch<InboxStore.Settlement, String> batch) {
        String[] statuses = inbox.settle(batch.items());
        for (int i = 0; i < statuses.length; i++) {
            batch.waiters().get(i).complete(statuses[i]);
        }
    }

    /** Stops: commits what is queued, then stops the writer; later settlements are written one by one. */
    @Override
    public void close() {
        stop();
    }
}
