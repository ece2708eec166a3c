package com.vobizrouter.intake;

import java.util.Set;

import com.vobizrouter.inbox.EventKeys;
import org.apache.camel.Exchange;

/**
 * Decides whether an event type is dispatched ({@code router.events.enabled}). Types outside
 * the set, unknown ones included, are still stored for audit but answered {@code ignored}.
 * Called from the intake route's content-based choice, which sets the inbox status to match.
 *
 * <p>The route hands over the exchange, not {@code isEnabled(${exchangeProperty.eventType})}:
 * Camel's bean parameter binding reworks the value such an expression yields (it strips
 * enclosing quotes and reads {@code null} as no value), so a type a sender wrote as
 * {@code 'message.read'} was enabled as {@code message.read}. The type is read here as it is stored.
 */
public class EventFilter {

    private final Set<String> enabled;

    public EventFilter(Set<String> enabled) {
        this.enabled = Set.copyOf(enabled);
    }

    /** Whether the exchange's event type ({@link EventKeys#EVENT_TYPE}) is dispatched. */
    public boolean isEnabled(Exchange exchange) {
        return enables(exchange.getProperty(EventKeys.EVENT_TYPE, String.class));
    }

    public boolean enables(String eventType) {
        return eventType != null && enabled.contains(eventType);
    }
}
