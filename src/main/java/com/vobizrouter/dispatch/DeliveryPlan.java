package com.vobizrouter.dispatch;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

import com.vobizrouter.inbox.DeliveryRow;
import com.vobizrouter.inbox.InboxStore;

/**
 * An event's deliveries during one dispatch: one per destination, in the order they were
 * decided, each with its state as the table had it and what this dispatch did to it.
 * {@code persisted} says whether the table has rows for them (an event that needed another try);
 * an event delivered everywhere on its first dispatch never gets any.
 */
public final class DeliveryPlan {

    /** One delivery, changed in place by the dispatch route as it goes. */
    public static final class Delivery {
        final String destination;
        String status;
        int attempts;
        Instant nextAttemptAt;
        String lastError;
        boolean tried;
        boolean changed;
        InboxStore.FailedAttempt failedAttempt;
        InboxStore.DeadLetter deadLetter;

        Delivery(String destination, String status, int attempts, Instant nextAttemptAt, String lastError) {
            this.destination = destination;
            this.status = status;
            this.attempts = attempts;
            this.nextAttemptAt = nextAttemptAt;
            this.lastError = lastError;
        }

        public String destination() {
            return destination;
        }

        public String status() {
            return status;
        }

        public int attempts() {
            return attempts;
        }

        void delivered() {
            status = DeliveryRow.DONE;
            nextAttemptAt = null;
            lastError = null;
            changed = true;
        }

        /** Waits until {@code when}; {@code attempt} is the failed attempt to record, null for a wait that is no attempt. */
        void waitUntil(Instant when, String error, InboxStore.FailedAttempt attempt) {
            status = DeliveryRow.PENDING;
            nextAttemptAt = when;
            lastError = error;
            if (attempt != null) {
                attempts = attempt.attempt();
                failedAttempt = attempt;
            }
            changed = true;
        }

        void dead(String reason, InboxStore.FailedAttempt attempt, InboxStore.DeadLetter letter) {
            status = DeliveryRow.DEAD;
            attempts = attempt.attempt();
            nextAttemptAt = null;
            lastError = reason;
            failedAttempt = attempt;
            deadLetter = letter;
            changed = true;
        }

        DeliveryRow row() {
            return new DeliveryRow(destination, status, attempts, nextAttemptAt, lastError);
        }
    }

    private final List<Delivery> deliveries;
    private final boolean persisted;
    private Boolean everyPendingDue;

    private DeliveryPlan(List<Delivery> deliveries, boolean persisted) {
        this.deliveries = deliveries;
        this.persisted = persisted;
    }

    /** The first dispatch's plan: every destination PENDING, due now. */
    public static DeliveryPlan decided(Collection<String> destinations) {
        List<Delivery> deliveries = new ArrayList<>();
        destinations.forEach(name -> deliveries.add(new Delivery(name, DeliveryRow.PENDING, 0, null, null)));
        return new DeliveryPlan(deliveries, false);
    }

    /**
     * The plan of an event decided before: its destinations in their order, each in the state the
     * table has (none: never written, since the event was delivered everywhere at once, then
     * routed again by a replay; PENDING then, and the sinks are idempotent).
     */
    public static DeliveryPlan restored(String destinations, List<DeliveryRow> rows) {
        List<Delivery> deliveries = new ArrayList<>();
        for (String name : names(destinations)) {
            DeliveryRow row = rows.stream().filter(r -> r.destination().equals(name)).findFirst().orElse(null);
            deliveries.add(row == null ? new Delivery(name, DeliveryRow.PENDING, 0, null, null)
                    : new Delivery(name, row.status(), row.attempts(), row.nextAttemptAt(), row.lastError()));
        }
        return new DeliveryPlan(deliveries, !rows.isEmpty());
    }

    /** The names in a comma-separated list, empty ones left out. */
    static List<String> names(String destinations) {
        List<String> names = new ArrayList<>();
        if (destinations != null) {
            for (String name : destinations.split(",")) {
                if (!name.isBlank()) {
                    names.add(name.trim());
                }
            }
        }
        return names;
    }

    /**
     * The next PENDING delivery due at {@code now} that this dispatch has not tried; null when none
     * is left. When the event came due while none of its deliveries is (it was brought forward by
     * hand, {@code next_attempt_at} set to now), every PENDING delivery counts as due.
     */
    Delivery next(Instant now) {
        if (everyPendingDue == null) {
            everyPendingDue = deliveries.stream().noneMatch(delivery -> due(delivery, now));
        }
        for (Delivery delivery : deliveries) {
            if (!delivery.tried && DeliveryRow.PENDING.equals(delivery.status) && (everyPendingDue || due(delivery, now))) {
                delivery.tried = true;
                return delivery;
            }
        }
        return null;
    }

    private static boolean due(Delivery delivery, Instant now) {
        return DeliveryRow.PENDING.equals(delivery.status) && (delivery.nextAttemptAt == null || !delivery.nextAttemptAt.isAfter(now));
    }

    /** The destinations' names, comma-separated, as {@code inbox_event.destinations} keeps them. */
    public String names() {
        return deliveries.stream().map(d -> d.destination).collect(Collectors.joining(","));
    }

    public List<Delivery> deliveries() {
        return List.copyOf(deliveries);
    }

    /** Whether every delivery is DONE (and the table has none of them to update). */
    boolean doneAtOnce() {
        return !persisted && deliveries.stream().allMatch(d -> DeliveryRow.DONE.equals(d.status));
    }

    /** The rows to write: every delivery when the table has none yet, else those this dispatch changed. */
    List<DeliveryRow> rowsToWrite() {
        return deliveries.stream().filter(d -> !persisted || d.changed).map(Delivery::row).toList();
    }

    List<InboxStore.FailedAttempt> failedAttempts() {
        return deliveries.stream().filter(d -> d.failedAttempt != null).map(d -> d.failedAttempt).toList();
    }

    List<InboxStore.DeadLetter> deadLetters() {
        return deliveries.stream().filter(d -> d.deadLetter != null).map(d -> d.deadLetter).toList();
    }
}
