package com.vobizrouter.dispatch;

/** Exchange properties of the dispatch routes. */
public final class DispatchKeys {

    /** The {@link InboxEvent} being dispatched. */
    public static final String EVENT = "vobizInboxEvent";
    /** The sink currently working on the event: set by each sink route first thing. */
    public static final String SINK = "vobizSink";

    private DispatchKeys() {
    }
}
