package com.vobizrouter.processor;

import java.util.Set;

/**
 * Decides whether an event type is dispatched ({@code router.events.enabled}). Types outside
 * the set, unknown ones included, are still stored for audit but answered {@code ignored}.
 * Called from the intake route's content-based choice, which also stores the event through
 * {@link #inboxRow}.
 */
public class EventFilter {

    private final Set<String> enabled;

    public EventFilter(Set<String> enabled) {
        this.enabled = Set.copyOf(enabled);
    }

    public boolean isEnabled(String eventType) {
        return eventType != null && enabled.contains(eventType);
    }

    /**
     * The inbox row of the exchange's event as the named parameters of the insert, with the
     * given status. A map body lets camel-sql read each {@code :#name} directly; with the JSON
     * text as body it first tried, per parameter, to convert the text to a map (the hottest
     * path of intake in a profile).
     */
    public java.util.Map<String, Object> inboxRow(org.apache.camel.Exchange exchange, String status) {
        java.util.Map<String, Object> row = new java.util.HashMap<>();
        row.put("event_id", exchange.getProperty(ExchangeKeys.EVENT_ID));
        row.put("event_type", exchange.getProperty(ExchangeKeys.EVENT_TYPE));
        row.put("channel_id", exchange.getProperty(ExchangeKeys.CHANNEL_ID));
        row.put("event_timestamp", exchange.getProperty(ExchangeKeys.EVENT_TIMESTAMP));
        row.put("status", status);
        row.put("payload", exchange.getIn().getBody(String.class));
        return row;
    }
}
