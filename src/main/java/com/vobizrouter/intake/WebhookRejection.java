package com.vobizrouter.intake;

/**
 * A webhook request refused at intake, carrying the HTTP status, a stable reason code (for logs
 * and metrics) and the message sent back as {@code {"error": ...}}. Raised by the intake
 * processors and turned into the answer by the intake error handling; it is control flow, not a
 * fault, so it carries no stack trace.
 */
public class WebhookRejection extends RuntimeException {

    private final int status;
    private final String reason;

    public WebhookRejection(int status, String reason, String message) {
        super(message, null, false, false);
        this.status = status;
        this.reason = reason;
    }

    public int getStatus() {
        return status;
    }

    /** Short machine-readable reason, e.g. {@code bad_signature}. */
    public String getReason() {
        return reason;
    }
}
