package com.vobizrouter.dispatch;

/** Names of the exchange properties of the dispatch and sink routes. */
public final class DispatchKeys {

    /** The {@link com.vobizrouter.inbox.InboxEvent} being dispatched. */
    public static final String EVENT = "inboxEvent";
    /** The sink currently working on the event: set by each sink route first thing. */
    public static final String SINK = "sink";
    /** Deprecated name of {@link #SINK}, still read when a route written before the rename sets it. */
    public static final String DEPRECATED_SINK = "vobizSink";
    /** The key a sink route locks with {@link SinkLocks} (for example one Zendesk conversation). */
    public static final String SINK_LOCK_KEY = "sinkLockKey";
    /** Set by the poller's claim: whether to claim again at once (work left and places free). */
    public static final String MORE_WORK = "moreWork";

    /** The sink the current sink route named, under either name. */
    public static String sink(org.apache.camel.Exchange exchange, String otherwise) {
        String sink = exchange.getProperty(SINK, String.class);
        return sink != null ? sink : exchange.getProperty(DEPRECATED_SINK, otherwise, String.class);
    }

    private DispatchKeys() {
    }
}
