package com.vobizrouter.sink.http;

import com.vobizrouter.dispatch.Failure;

/**
 * An {@code http} destination answered with a status other than 2xx. Carries what that means for
 * the event (already decided from the status, {@code Retry-After} and the first bytes of the
 * answer), for {@link HttpFailureRules} to hand to the dispatcher.
 */
public class HttpDestinationException extends RuntimeException {

    private final transient Failure failure;
    private final int status;

    public HttpDestinationException(Failure failure, int status) {
        super(failure.reason(), null, false, false);
        this.failure = failure;
        this.status = status;
    }

    public Failure failure() {
        return failure;
    }

    /** The HTTP status the destination answered with. */
    public int status() {
        return status;
    }
}
