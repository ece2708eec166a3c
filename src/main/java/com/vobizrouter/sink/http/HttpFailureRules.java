package com.vobizrouter.sink.http;

import com.vobizrouter.dispatch.Failure;
import com.vobizrouter.dispatch.FailureRules;

/**
 * The failures of {@code http} destinations: an answer other than 2xx, as {@link HttpDestinations}
 * classified it (408, 425, 5xx transient; 429 rate limited; 3xx and other 4xx permanent). No
 * answer at all (refused connection, unknown host, timeout) is an {@link java.io.IOException},
 * which the shared rules of the classifier treat as transient.
 */
public class HttpFailureRules implements FailureRules {

    @Override
    public Failure classify(Throwable cause) {
        return cause instanceof HttpDestinationException answered ? answered.failure() : null;
    }

    @Override
    public Integer httpStatus(Throwable cause) {
        return cause instanceof HttpDestinationException answered ? answered.status() : null;
    }
}
