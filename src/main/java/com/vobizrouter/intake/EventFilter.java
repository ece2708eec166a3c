package com.vobizrouter.intake;

import java.util.Set;

/**
 * Decides whether an event type is dispatched ({@code router.events.enabled}). Types outside
 * the set, unknown ones included, are still stored for audit but answered {@code ignored}.
 * Called from the intake route's content-based choice, which sets the inbox status to match.
 */
public class EventFilter {

    private final Set<String> enabled;

    public EventFilter(Set<String> enabled) {
        this.enabled = Set.copyOf(enabled);
    }

    public boolean isEnabled(String eventType) {
        return eventType != null && enabled.contains(eventType);
    }
}
