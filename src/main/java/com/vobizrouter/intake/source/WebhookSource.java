package com.vobizrouter.intake.source;

import com.vobizrouter.inbox.EventIds;
import com.vobizrouter.intake.EventAge;
import com.vobizrouter.intake.RequestGuard;

/**
 * One configured webhook source: a name, the {@code processorName} of its idempotency keys, the
 * path it is reached on, its profile, the types it dispatches, the checks of its HTTP requests and
 * the freshness window of its events. The built-in source {@code vobiz} ({@code router.webhook})
 * is one like the others.
 *
 * <p>Its events are kept apart from every other source's: their idempotency keys are under its
 * own {@code processorName} ({@code source:<name>}; {@code vobiz-webhook} for {@code vobiz}, as
 * ever), and their inbox ids are {@code <name>:<id>} ({@link #inboxId}), so the same id from two
 * senders is two events.
 */
public record WebhookSource(String name, String processorName, String path, WebhookProfile profile, EventTypes events,
        RequestGuard guard, EventAge age) {

    /** {@code processorName} of the keys of a source under {@code router.sources}. */
    public static String processorName(String name) {
        return "source:" + name;
    }

    /** The inbox's id of an event of this source: {@link EventIds#stored}. */
    public String inboxId(String id) {
        return EventIds.stored(name, id);
    }
}
