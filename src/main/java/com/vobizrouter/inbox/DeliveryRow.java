package com.vobizrouter.inbox;

import java.time.Instant;

/**
 * One delivery of an event to one destination, as table {@code delivery} keeps it.
 *
 * @param status        {@code PENDING}, {@code DONE} or {@code DEAD}
 * @param attempts      its failed attempts, which count against the destination's {@code max-attempts}
 *                      (waits for a budget, a pause or credentials do not)
 * @param nextAttemptAt when a PENDING delivery is due; null otherwise
 */
public record DeliveryRow(String destination, String status, int attempts, Instant nextAttemptAt, String lastError) {

    public static final String PENDING = "PENDING";
    public static final String DONE = "DONE";
    public static final String DEAD = "DEAD";
}
