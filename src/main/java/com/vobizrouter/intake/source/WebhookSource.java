package com.vobizrouter.intake.source;

import com.vobizrouter.inbox.EventIds;
import com.vobizrouter.intake.EventAge;
import com.vobizrouter.intake.RequestGuard;

/**
 * One configured webhook source: a name, the path it is reached on, its profile, the types it
 * dispatches, the checks of its HTTP requests and the freshness window of its events.
 *
 * <p>Its events are kept apart from every other source's: their idempotency keys are under the
 * {@code processorName} {@code source:<name>}, and their inbox ids are {@code <name>:<id>}
 * ({@link #inboxId}, as for the source of {@code router.webhook}), so the same id from two
 * senders is two events.
 */
public record WebhookSource(String name, String path, WebhookProfile profile, EventTypes events, RequestGuard guard, EventAge age) {

    /** {@code processorName} of this source's idempotency keys. */
    public String processorName() {
        return "source:" + name;
    }

    /** The inbox's id of an event of this source: {@link EventIds#stored}. */
    public String inboxId(String id) {
        return EventIds.stored(name, id);
    }
}
