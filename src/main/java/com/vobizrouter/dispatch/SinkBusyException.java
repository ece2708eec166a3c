package com.vobizrouter.dispatch;

/**
 * Another delivery holds the sink lock this event needs (for example a message of the same
 * Zendesk conversation). Not a failure of the event: it is tried again shortly, without spending
 * an attempt.
 */
public class SinkBusyException extends RuntimeException {

    public SinkBusyException(String message) {
        super(message, null, false, false);
    }
}
