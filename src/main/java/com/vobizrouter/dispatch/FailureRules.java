package com.vobizrouter.dispatch;

/**
 * What one sink knows about its own failures: the exceptions its client library throws and what
 * each means for the event (transient, permanent). Each sink contributes one bean, so the
 * dispatcher never needs to know a sink's classes.
 */
public interface FailureRules {

    /** What this cause means, or null when it is not one of this sink's failures. */
    Failure classify(Throwable cause);

    /** The HTTP status this sink's system answered with, when the cause is such an answer; else null. */
    default Integer httpStatus(Throwable cause) {
        return null;
    }
}
