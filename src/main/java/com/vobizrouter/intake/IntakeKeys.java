package com.vobizrouter.intake;

/**
 * Names of the exchange properties only the intake route uses (the event's own are in
 * {@link com.vobizrouter.inbox.EventKeys}).
 */
public final class IntakeKeys {

    /** The sender's address, as resolved through trusted proxies. */
    public static final String CLIENT_IP = "clientIp";
    /** {@code PENDING} (type enabled) or {@code IGNORED}: the status the event is stored with. */
    public static final String INBOX_STATUS = "inboxStatus";
    /** Whether the request is a subscription handshake (a GET to a source whose profile has one): set by the source's route. */
    public static final String HANDSHAKE = "handshake";
    /** Whether the request has exactly one event to store (then stored on the request's own exchange, without a split). */
    public static final String ONE_EVENT = "oneEvent";
    /** Whether the event's source dispatches its type (it is stored PENDING, else IGNORED). */
    public static final String TYPE_ENABLED = "typeEnabled";
    /** {@code accepted}, {@code ignored} or {@code duplicate}: what the request is answered. */
    public static final String OUTCOME = "intakeOutcome";
    /** The event in the SPEC's envelope, for a source whose envelope is another (stored next to the payload). */
    public static final String NORMALISED = "normalisedEvent";
    /** The metrics' type tag of the event: its type, the pattern that enables it, or {@code other}. */
    public static final String COUNTED_TYPE = "countedEventType";
    /** The event id as the sender gave it, for the answer (the router's id is namespaced by the source). */
    public static final String SOURCE_EVENT_ID = "senderEventId";
    /** The W3C traceparent of the request's webhook span, stored with each of its events (tracing on only). */
    public static final String TRACE_PARENT = "traceParent";

    private IntakeKeys() {
    }
}
