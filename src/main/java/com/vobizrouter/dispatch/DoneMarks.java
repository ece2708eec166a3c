package com.vobizrouter.dispatch;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;

import com.vobizrouter.batch.BatchingService;
import com.vobizrouter.batch.MicroBatcher;
import com.vobizrouter.inbox.InboxEvent;
import com.vobizrouter.inbox.InboxStore;
import org.apache.camel.CamelContext;

/**
 * Marks delivered events DONE in group commits: dispatch workers that finish at about the same
 * time share one transaction (one JDBC batch, one commit) instead of paying a commit each, which
 * under load was one of the three or four commits every event cost the database.
 *
 * <p>A worker waits until its own mark is committed, so an event is never reported done before
 * it is; a failed batch fails every worker in it, whose events are then handled like any other
 * failed delivery (retried; at worst delivered again after the lease, and sinks are idempotent).
 * One writer thread (a {@link MicroBatcher}'s); marks arriving while it commits form the next
 * batch. A Camel service: started and stopped with the CamelContext; while it is not running,
 * marks are written one by one.
 */
public class DoneMarks extends BatchingService {

    private final InboxStore inbox;
    private final MicroBatcher<InboxEvent, Boolean> batcher;

    /** @param camelContext whose thread pools the writer comes from */
    public DoneMarks(CamelContext camelContext, InboxStore inbox, int maxBatch) {
        this.inbox = inbox;
        this.batcher = owned(MicroBatcher.<InboxEvent, Boolean>builder(camelContext, "inbox-done-writer", Math.max(1, maxBatch),
                this::write).build());
    }

    /** Marks the event DONE and returns once that is committed: true if it was still leased to us. */
    public boolean mark(InboxEvent event) {
        try {
            return batcher.submit(event).get();
        } catch (RejectedExecutionException notRunning) {
            return inbox.markDone(event);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while event " + event.eventId() + " was being marked done", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RejectedExecutionException) {
                // Queued just as the writer stopped: nobody else will write it.
                return inbox.markDone(event);
            }
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        }
    }

    private void write(MicroBatcher.Batch<InboxEvent, Boolean> batch) {
        boolean[] marked = inbox.markDone(batch.items());
        for (int i = 0; i < marked.length; i++) {
            batch.waiters().get(i).complete(marked[i]);
        }
    }

    /** Marks waiting for the writer (a test seam). */
    int queued() {
        return batcher.queued();
    }

    /** Stops, as {@link #stop()} does: commits what is queued, then stops the writer; later marks are written one by one. */
    @Override
    public void close() {
        stop();
    }
}
