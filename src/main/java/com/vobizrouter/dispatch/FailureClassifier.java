package com.vobizrouter.dispatch;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.NonTransientDataAccessException;

/**
 * Sorts sink failures into transient (retried with backoff) and permanent (dead letter at once).
 *
 * <p>Each sink's own {@link FailureRules} are asked first (HTTP 5xx, 408, 429 and rate limits are
 * transient there, other 4xx permanent). Then the rules every sink shares: events the mapping
 * cannot use are permanent; I/O errors and timeouts are transient; database errors that may pass
 * are transient and those that will not (constraint violations other than a duplicate key, which
 * only means a concurrent write of the same row got there first) permanent; a database that
 * cannot be reached or a pool without a free connection is transient. Anything unrecognised is
 * treated as transient: it gets its attempts, then a dead letter with the reason, never silent
 * loss. The whole cause chain is inspected, since Camel and the clients wrap what the sink said.
 */
public class FailureClassifier {

    private final List<FailureRules> sinkRules;

    public FailureClassifier(List<FailureRules> sinkRules) {
        this.sinkRules = List.copyOf(sinkRules);
    }

    public Failure classify(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof SinkParkedException parked) {
                return new Failure(Failure.Kind.PARKED, parked.getMessage(), null, null);
            }
            if (cause instanceof SinkBusyException busy) {
                return new Failure(Failure.Kind.BUSY, busy.getMessage(), null, null);
            }
            if (cause instanceof SinkPausedException paused) {
                return new Failure(Failure.Kind.PAUSED, paused.getMessage(), null, null);
            }
            if (cause instanceof MappingException mapping) {
                return Failure.permanent("mapping: " + mapping.getMessage(), null);
            }
            for (FailureRules rules : sinkRules) {
                Failure known = rules.classify(cause);
                if (known != null) {
                    return known;
                }
            }
            if (cause instanceof JsonProcessingException json) {
                // Our own mapping reports MappingException; this is a sink's answer we could not read.
                return Failure.transientFailure("unreadable answer: " + json.getOriginalMessage(), null, null);
            }
            if (cause instanceof DuplicateKeyException race) {
                // A concurrent write of the same row won; a retry finds the row and applies this one.
                return Failure.transientFailure("database: concurrent write of the same row", null, null);
            }
            if (cause instanceof DataAccessResourceFailureException unreachable) {
                // Spring files these under "non-transient", but a database that went away, or a
                // pool with no free connection in time, comes back; the event itself is fine.
                return Failure.transientFailure("database unavailable: " + unreachable.getMostSpecificCause().getMessage(), null, null);
            }
            if (cause instanceof NonTransientDataAccessException database) {
                return Failure.permanent("database refused the write: " + database.getMostSpecificCause().getMessage(), null);
            }
            if (cause instanceof IOException || cause instanceof TimeoutException) {
                return Failure.transientFailure(cause.getClass().getSimpleName() + ": " + cause.getMessage(), null, null);
            }
        }
        return Failure.transientFailure(failure.getClass().getSimpleName() + ": " + failure.getMessage(), null, null);
    }
}
