package com.vobizrouter.intake.source;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import com.vobizrouter.intake.EventAge;
import com.vobizrouter.intake.RequestGuard;

/**
 * One configured webhook source: a name, the path it is reached on, its profile, the types it
 * dispatches, the checks of its HTTP requests and the freshness window of its events.
 *
 * <p>Its events are kept apart from every other source's: their idempotency keys are under the
 * {@code processorName} {@code source:<name>}, and their inbox ids are {@code <name>:<id>}
 * ({@link #inboxId}), so the same id from two senders is two events.
 */
public record WebhookSource(String name, String path, WebhookProfile profile, EventTypes events, RequestGuard guard, EventAge age) {

    /** Width of {@code inbox_event.event_id} and {@code CAMEL_MESSAGEPROCESSED.messageId}. */
    static final int MAX_INBOX_ID = 100;

    /** {@code processorName} of this source's idempotency keys. */
    public String processorName() {
        return "source:" + name;
    }

    /**
     * The inbox's id of an event of this source: {@code <name>:<id>}, or, when that is longer
     * than the column, {@code <name>:sha256:<hex>} of the id (the same for every copy).
     */
    public String inboxId(String id) {
        String namespaced = name + ":" + id;
        if (namespaced.length() <= MAX_INBOX_ID) {
            return namespaced;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
            return name + ":sha256:" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
