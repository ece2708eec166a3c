package com.vobizrouter.dispatch;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import com.vobizrouter.inbox.InboxEvent;
import com.vobizrouter.inbox.InboxStore;

/**
 * Marks delivered events DONE in group commits: dispatch workers that finish at about the same
 * time share one transaction (one JDBC batch, one commit) instead of paying a commit each, which
 * under load was one of the three or four commits every event cost the database.
 *
 * <p>A worker waits until its own mark is committed, so an event is never reported done before
 * it is; a failed batch fails every worker in it, whose events are then handled like any other
 * failed delivery (retried; at worst delivered again after the lease, and sinks are idempotent).
 * One writer thread; marks arriving while it commits form the next batch.
 */
public class DoneMarks implements AutoCloseable {

    private record Mark(InboxEvent event, CompletableFuture<Boolean> committed) {
    }

    private final InboxStore inbox;
    private final int maxBatch;
    private final BlockingQueue<Mark> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private volatile boolean open = true;

    public DoneMarks(InboxStore inbox, int maxBatch) {
        this.inbox = inbox;
        this.maxBatch = Math.max(1, maxBatch);
        this.writer = new Thread(this::write, "inbox-done-writer");
        this.writer.setDaemon(true);
        this.writer.start();
    }

    /** Marks the event DONE and returns once that is committed: true if it was still leased to us. */
    public boolean mark(InboxEvent event) {
        if (!open) {
            return inbox.markDone(event);
        }
        Mark mark = new Mark(event, new CompletableFuture<>());
        queue.add(mark);
        try {
            while (true) {
                try {
                    return mark.committed().get(1, TimeUnit.SECONDS);
                } catch (TimeoutException e) {
                    // Queued just as the writer stopped: nobody else will write it.
                    if (!writer.isAlive() && queue.remove(mark)) {
                        return inbox.markDone(event);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while event " + event.eventId() + " was being marked done", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        }
    }

    private void write() {
        List<Mark> batch = new ArrayList<>(maxBatch);
        while (open || !queue.isEmpty()) {
            try {
                Mark first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, maxBatch - 1);
                boolean[] marked = inbox.markDone(batch.stream().map(Mark::event).toList());
                for (int i = 0; i < marked.length; i++) {
                    batch.get(i).committed().complete(marked[i]);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException | Error e) {
                batch.forEach(mark -> mark.committed().completeExceptionally(e));
            } finally {
                batch.clear();
            }
        }
    }

    /** Marks waiting for the writer (a test seam). */
    int queued() {
        return queue.size();
    }

    /** Commits what is queued, then stops the writer; later marks are written one by one. */
    @Override
    public void close() throws InterruptedException {
        open = false;
        writer.join(TimeUnit.SECONDS.toMillis(10));
    }
}
