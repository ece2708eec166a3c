package com.vobizrouter.dispatch;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import com.vobizrouter.inbox.Masking;
import com.vobizrouter.inbox.InboxEvent;
import com.vobizrouter.inbox.InboxStore;

/**
 * Decides what happens to an event after a sink failed (the {@code doCatch} of the dispatch
 * route): parked sinks make it wait without spending an attempt; a busy sink lock (another
 * delivery of the same conversation) makes it wait about one first backoff step, without spending
 * an attempt either; a sink without API budget left waits for it, and one that answered "too many
 * requests" is paused on every instance for as long as it asked ({@link SinkBudgets}), again
 * without spending attempts; transient failures are retried
 * with backoff until {@code router.dispatch.max-attempts}; permanent failures, and transient ones
 * out of attempts, become dead letters with the reason and the sink's answer. Each outcome is
 * counted in {@code vobiz_dispatch_total} by sink.
 *
 * <p>An event that waits keeps the reason as its {@code last_error}, always starting with the name
 * of the sink it stopped at followed by a space or a colon ({@link #lastError}), so the events
 * waiting for each sink can be counted (waits without an attempt leave no {@code delivery_attempt} row).
 */
public class DispatchFailureHandler {

    /** What becomes of the event; {@code tag} is its name in {@code vobiz_dispatch_total}. */
    private enum Outcome {
        PARKED("parked"), BUSY("busy"), PAUSED("paused"), RETRY("retry"), DEAD("dead");

        final String tag;

        Outcome(String tag) {
            this.tag = tag;
        }
    }

    /** How long a sink that said "too many requests" without a Retry-After is paused. */
    static final Duration DEFAULT_RATE_LIMIT_PAUSE = Duration.ofMinutes(1);

    private static final Logger LOG = LoggerFactory.getLogger("com.vobizrouter.dispatch");

    private final InboxStore inbox;
    private final FailureClassifier classifier;
    private final Backoff backoff;
    private final SinkStates sinks;
    private final int maxAttempts;
    private final Duration parkedRecheck;
    private final Clock clock;
    private final MeterRegistry meters;
    private final SinkBudgets budgets;
    private Deliveries deliveries;

    public DispatchFailureHandler(InboxStore inbox, FailureClassifier classifier, Backoff backoff, SinkStates sinks, SinkBudgets budgets,
            int maxAttempts, Duration parkedRecheck, Clock clock, MeterRegistry meters) {
        this.budgets = budgets;
        this.meters = meters;
        this.inbox = inbox;
        this.classifier = classifier;
        this.backoff = backoff;
        this.sinks = sinks;
        this.maxAttempts = maxAttempts;
        this.parkedRecheck = parkedRecheck;
        this.clock = clock;
    }

    /** Each destination's own {@code max-attempts}; without, every delivery has {@code router.dispatch.max-attempts}. */
    public DispatchFailureHandler withDestinations(Deliveries deliveries) {
        this.deliveries = deliveries;
        deliveries.failingWith(this);
        return this;
    }

    /**
     * When an event that waited for a pause comes back: spread after its end over as long as the
     * pause still lasts (at least a second, at most {@link #PAUSE_SPREAD}), so that the events that
     * waited come back a few at a time instead of all at one instant, each to meet the next 429 of
     * a destination still refusing while they hold the dispatch places new events need.
     */
    Instant afterPause(Instant until) {
        long left = Duration.between(clock.instant(), until).toMillis();
        long spread = Math.max(1000, Math.min(left, PAUSE_SPREAD.toMillis()));
        return until.plusMillis(ThreadLocalRandom.current().nextLong(spread));
    }

    /** The longest spread of the events coming back after a pause. */
    static final Duration PAUSE_SPREAD = Duration.ofSeconds(30);

    /** When a paused sink's event may be tried again, from the exception that said so. */
    private static Instant pausedUntil(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof SinkPausedException paused) {
                return paused.until();
            }
        }
        return null;
    }

    /**
     * The reason as the waiting event's {@code last_error}: as it is when it starts with the sink's
     * name, in any case, and a space or a colon ({@code Zendesk answered 503}, {@code zendesk is
     * paused …}, {@code zendesk:conversation-1 is being delivered …}), else after {@code sink: }.
     */
    static String lastError(String sink, String reason) {
        String text = reason == null ? "" : reason;
        boolean named = text.regionMatches(true, 0, sink, 0, sink.length()) && text.length() > sink.length()
                && (text.charAt(sink.length()) == ' ' || text.charAt(sink.length()) == ':');
        return named ? text : sink + ": " + text;
    }

    /**
     * The failure on the exchange: of the delivery being made ({@link Deliveries#CURRENT}), whose
     * outcome is kept on it for {@code inboxDispatcher.settle} to write with the others; else of
     * the event itself (its JSON unreadable, the routing table failing, the settlement not
     * written), whose inbox row is rescheduled or dead-lettered at once, named {@code router}.
     */
    public void handle(Exchange exchange) {
        InboxEvent event = exchange.getProperty(DispatchKeys.EVENT, InboxEvent.class);
        DeliveryPlan.Delivery delivery = exchange.getProperty(Deliveries.CURRENT, DeliveryPlan.Delivery.class);
        exchange.removeProperty(Deliveries.CURRENT);
        String sink = delivery != null ? delivery.destination() : DispatchKeys.sink(exchange, "router");
        Throwable error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        Failure failure = classifier.classify(error);
        int attempts = (delivery != null ? delivery.attempts() : event.attempts()) + 1;
        int allowed = delivery != null && deliveries != null ? deliveries.maxAttempts(sink, maxAttempts) : maxAttempts;
        Outcome outcome = switch (failure.kind()) {
            case PARKED -> Outcome.PARKED;
            case BUSY -> Outcome.BUSY;
            case PAUSED, RATE_LIMITED -> Outcome.PAUSED;
            case TRANSIENT -> attempts >= allowed ? Outcome.DEAD : Outcome.RETRY;
            case PERMANENT -> Outcome.DEAD;
        };
        meters.counter("vobiz.dispatch", "sink", sink, "outcome", outcome.tag).increment();
        InboxStore.FailedAttempt attempt = new InboxStore.FailedAttempt(attempts, sink, outcome.tag, failure.reason());
        String lastError = lastError(sink, failure.reason());
        Wait wait = (when, counted) -> {
            if (delivery != null) {
                delivery.waitUntil(when, lastError, counted ? attempt : null);
            } else {
                inbox.reschedule(event, when, counted, lastError, counted ? attempt : null);
            }
        };
        switch (outcome) {
            case PARKED -> {
                sinks.parked(sink, failure.reason());
                wait.until(clock.instant().plus(parkedRecheck), false);
                LOG.debug("event {} waits: {}", Masking.text(event.eventId()), Masking.text(failure.reason()));
            }
            case BUSY -> {
                wait.until(clock.instant().plus(backoff.delay(1, null)), false);
                LOG.debug("event {} waits its turn: {}", Masking.text(event.eventId()), Masking.text(failure.reason()));
            }
            case PAUSED -> {
                Instant until = pausedUntil(error);
                if (failure.kind() == Failure.Kind.RATE_LIMITED) {
                    Duration length = failure.retryAfter() != null ? failure.retryAfter() : DEFAULT_RATE_LIMIT_PAUSE;
                    budgets.pause(sink, length, failure.reason());
                    until = clock.instant().plus(length);
                    LOG.warn("{} is paused on every instance for {} s: {}", sink, length.toSeconds(), Masking.text(failure.reason()));
                }
                sinks.paused(sink, failure.reason());
                wait.until(afterPause(until == null ? clock.instant().plusSeconds(1) : until), false);
                LOG.debug("event {} waits for {}: {}", Masking.text(event.eventId()), sink, Masking.text(failure.reason()));
            }
            case RETRY -> {
                sinks.failing(sink, failure.reason());
                Duration delay = backoff.delay(attempts, failure.retryAfter());
                wait.until(clock.instant().plus(delay), true);
                LOG.warn("event {} type={} to {} failed (attempt {}/{}), retry in {} ms: {}", Masking.text(event.eventId()),
                        event.eventType(), sink, attempts, allowed, delay.toMillis(), Masking.text(failure.reason()));
            }
            case DEAD -> {
                boolean exhausted = failure.kind() == Failure.Kind.TRANSIENT;
                if (exhausted) {
                    sinks.failing(sink, failure.reason());
                }
                String reason = exhausted ? "gave up after " + attempts + " attempts: " + failure.reason() : failure.reason();
                if (delivery != null) {
                    delivery.dead(lastError(sink, reason), attempt,
                            new InboxStore.DeadLetter(sink, reason, failure.sinkResponse(), attempts));
                } else {
                    inbox.markDead(event, sink, reason, failure.sinkResponse(), attempt);
                }
                LOG.error("event {} type={} dead-lettered for {}: {}", Masking.text(event.eventId()), event.eventType(), sink,
                        Masking.text(reason));
            }
        }
    }

    /** Where a waiting event or delivery goes: due again at {@code when}, the attempt counted or not. */
    @FunctionalInterface
    private interface Wait {
        void until(Instant when, boolean counted);
    }
}
