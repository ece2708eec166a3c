package com.vobizrouter.batch;

import java.util.ArrayList;
import java.util.List;

import org.apache.camel.support.service.ServiceSupport;

/**
 * A Camel service whose work is done by {@link MicroBatcher}s it owns ({@link #owned}): starting
 * it starts them; stopping it refuses new items, lets each batcher handle what is already queued
 * and then ends its writers.
 */
public abstract class BatchingService extends ServiceSupport {

    private final List<MicroBatcher<?, ?>> batchers = new ArrayList<>();

    /** Makes the batcher start and stop with this service; returns it. */
    protected final <T, R> MicroBatcher<T, R> owned(MicroBatcher<T, R> batcher) {
        batchers.add(batcher);
        return batcher;
    }

    @Override
    protected void doStart() {
        batchers.forEach(MicroBatcher::start);
    }

    @Override
    protected void doStop() {
        batchers.forEach(MicroBatcher::stop);
    }
}
