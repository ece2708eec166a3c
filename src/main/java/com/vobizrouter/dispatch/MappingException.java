package com.vobizrouter.dispatch;

/**
 * The event lacks what a sink needs (a contact id, a message id...). Retrying cannot help, so
 * the event goes straight to the dead letters with this reason.
 */
public class MappingException extends RuntimeException {

    public MappingException(String message) {
        super(message, null, false, false);
    }
}
