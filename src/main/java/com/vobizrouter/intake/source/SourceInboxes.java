package com.vobizrouter.intake.source;

import java.util.LinkedHashMap;
import java.util.Map;

import com.vobizrouter.inbox.EventKeys;
import com.vobizrouter.intake.GroupCommitInbox;
import org.apache.camel.Exchange;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.service.ServiceHelper;
import org.apache.camel.support.service.ServiceSupport;

/**
 * The Idempotent Consumer's repository of the route {@code store-source-event}: each source has
 * its own {@link GroupCommitInbox} (keys under its own {@code processorName}, rows marked with its
 * name, its own writers), chosen by the exchange's {@link EventKeys#SOURCE}. An event's key and
 * inbox row still commit together, and events of one source arriving together share a commit.
 */
public class SourceInboxes extends ServiceSupport implements IdempotentRepository {

    private final Map<String, GroupCommitInbox> bySource;

    public SourceInboxes(Map<String, GroupCommitInbox> bySource) {
        this.bySource = new LinkedHashMap<>(bySource);
    }

    @Override
    protected void doStart() {
        ServiceHelper.startService(bySource.values());
    }

    @Override
    protected void doStop() {
        ServiceHelper.stopService(bySource.values());
    }

    @Override
    public boolean add(Exchange exchange, String key) {
        return inbox(exchange.getProperty(EventKeys.SOURCE, String.class)).add(exchange, key);
    }

    @Override
    public boolean contains(Exchange exchange, String key) {
        return inbox(exchange.getProperty(EventKeys.SOURCE, String.class)).contains(key);
    }

    @Override
    public boolean remove(Exchange exchange, String key) {
        return inbox(exchange.getProperty(EventKeys.SOURCE, String.class)).remove(key);
    }

    @Override
    public boolean confirm(Exchange exchange, String key) {
        return true;
    }

    @Override
    public boolean add(String key) {
        throw new UnsupportedOperationException("the event itself is needed: use add(Exchange, String)");
    }

    /** A key alone: its source is the part before the first {@code :} (keys are {@code <source>:<id>}). */
    @Override
    public boolean contains(String key) {
        return inbox(sourceOf(key)).contains(key);
    }

    @Override
    public boolean remove(String key) {
        return inbox(sourceOf(key)).remove(key);
    }

    @Override
    public boolean confirm(String key) {
        return true;
    }

    @Override
    public void clear() {
        bySource.values().forEach(GroupCommitInbox::clear);
    }

    private GroupCommitInbox inbox(String source) {
        GroupCommitInbox inbox = bySource.get(source);
        if (inbox == null) {
            throw new IllegalStateException("no webhook source " + source);
        }
        return inbox;
    }

    private static String sourceOf(String key) {
        int colon = key.indexOf(':');
        return colon < 0 ? key : key.substring(0, colon);
    }
}
