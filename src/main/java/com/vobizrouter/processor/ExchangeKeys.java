package com.vobizrouter.processor;

/**
 * Names of the exchange properties the intake processors set and the YAML routes read. Exchange
 * properties, not headers: a client can send any header it likes, but never a property.
 */
public final class ExchangeKeys {

    public static final String CLIENT_IP = "vobizClientIp";
    public static final String EVENT_ID = "vobizEventId";
    public static final String EVENT_TYPE = "vobizEventType";
    public static final String CHANNEL_ID = "vobizChannelId";
    public static final String EVENT_TIMESTAMP = "vobizEventTimestamp";
    /** {@code accepted}, {@code ignored} or {@code duplicate}: what the request is answered. */
    public static final String OUTCOME = "vobizOutcome";

    private ExchangeKeys() {
    }
}
