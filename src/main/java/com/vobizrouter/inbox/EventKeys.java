package com.vobizrouter.inbox;

/**
 * Names of the exchange properties that describe the event itself, set by intake from the
 * envelope and by dispatch from the inbox row, and read by the YAML routes (the content-based
 * router chooses on {@link #EVENT_TYPE}). Exchange properties, not headers: a client can send any
 * header it likes, but never a property.
 */
public final class EventKeys {

    public static final String EVENT_ID = "vobizEventId";
    public static final String EVENT_TYPE = "vobizEventType";
    public static final String CHANNEL_ID = "vobizChannelId";
    public static final String EVENT_TIMESTAMP = "vobizEventTimestamp";

    private EventKeys() {
    }
}
