package com.vobizrouter.intake;

/**
 * Names of the exchange properties only the intake route uses (the event's own are in
 * {@link com.vobizrouter.inbox.EventKeys}).
 */
public final class IntakeKeys {

    /** The sender's address, as resolved through trusted proxies. */
    public static final String CLIENT_IP = "vobizClientIp";
    /** {@code PENDING} (type enabled) or {@code IGNORED}: the status the event is stored with. */
    public static final String INBOX_STATUS = "vobizInboxStatus";
    /** {@code accepted}, {@code ignored} or {@code duplicate}: what the request is answered. */
    public static final String OUTCOME = "vobizOutcome";

    private IntakeKeys() {
    }
}
