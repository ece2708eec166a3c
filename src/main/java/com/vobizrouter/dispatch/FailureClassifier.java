package com.vobizrouter.dispatch;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.vobizrouter.sink.SalesforceRecordException;
import org.apache.camel.component.salesforce.api.SalesforceException;
import org.apache.camel.component.salesforce.api.dto.RestError;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.NonTransientDataAccessException;
import org.zendesk.client.v2.ZendeskResponseException;
import org.zendesk.client.v2.ZendeskResponseRateLimitException;

/**
 * Sorts sink failures into transient (retried with backoff) and permanent (dead letter at once).
 *
 * <p>Transient: I/O errors and timeouts, HTTP 5xx, 408, 429 and Salesforce's
 * {@code REQUEST_LIMIT_EXCEEDED}, database errors that may pass. Permanent: other 4xx answers
 * (validation, missing required fields, bad credentials that a retry will not fix), events the
 * mapping cannot use, and database errors that will not pass (constraint violations other than
 * a duplicate key, which only means a concurrent write of the same row got there first); a
 * database that cannot be reached or a pool without a free connection is transient.
 * A {@code Retry-After} is kept for the backoff where the component exposes it (Zendesk's client
 * does; camel-salesforce 4.17 passes on only {@code Sforce-*} response headers).
 * Anything unrecognised is treated as transient: it gets its attempts, then a dead letter with
 * the reason, never silent loss. The whole cause chain is inspected, since Camel and the clients
 * wrap what the sink said.
 */
public class FailureClassifier {

    public Failure classify(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof SinkParkedException parked) {
                return new Failure(Failure.Kind.PARKED, parked.getMessage(), null, null);
            }
            if (cause instanceof SinkBusyException busy) {
                return new Failure(Failure.Kind.BUSY, busy.getMessage(), null, null);
            }
            if (cause instanceof MappingException mapping) {
                return Failure.permanent("mapping: " + mapping.getMessage(), null);
            }
            if (cause instanceof SalesforceRecordException record) {
                return salesforceRecord(record);
            }
            if (cause instanceof SalesforceException salesforce) {
                return salesforce(salesforce);
            }
            if (cause instanceof ZendeskResponseRateLimitException limited) {
                return Failure.transientFailure("Zendesk rate limit (429)", limited.getBody(),
                        Duration.ofSeconds(Math.max(0, limited.getRetryAfter())));
            }
            if (cause instanceof ZendeskResponseException zendesk) {
                return http("Zendesk", zendesk.getStatusCode(), zendesk.getStatusText(), zendesk.getBody());
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

    /** Record-level codes that say "try later" rather than "this record is wrong". */
    private static final java.util.Set<String> TRANSIENT_RECORD_CODES =
            java.util.Set.of("UNABLE_TO_LOCK_ROW", "REQUEST_LIMIT_EXCEEDED", "SERVER_UNAVAILABLE", "UNKNOWN_EXCEPTION");

    private static Failure salesforceRecord(SalesforceRecordException e) {
        String reason = "Salesforce refused the record: " + e.getMessage();
        for (String code : e.getCodes().split(",")) {
            if (TRANSIENT_RECORD_CODES.contains(code)) {
                return Failure.transientFailure(reason, e.getAnswer(), null);
            }
        }
        return Failure.permanent(reason, e.getAnswer());
    }

    private static Failure salesforce(SalesforceException e) {
        StringBuilder codes = new StringBuilder();
        boolean limitExceeded = false;
        if (e.getErrors() != null) {
            for (RestError error : e.getErrors()) {
                if (codes.length() > 0) {
                    codes.append("; ");
                }
                codes.append(error.getErrorCode()).append(": ").append(error.getMessage());
                limitExceeded |= "REQUEST_LIMIT_EXCEEDED".equals(error.getErrorCode());
            }
        }
        String answer = codes.length() > 0 ? codes.toString() : e.getMessage();
        // Raw calls carry Salesforce's error list only as text.
        limitExceeded |= answer != null && answer.contains("\"REQUEST_LIMIT_EXCEEDED\"");
        if (limitExceeded) {
            return Failure.transientFailure("Salesforce REQUEST_LIMIT_EXCEEDED", answer, null);
        }
        int status = e.getStatusCode();
        if (status == 0) {
            return Failure.transientFailure("Salesforce unreachable: " + e.getMessage(), answer, null);
        }
        return http("Salesforce", status, e.getMessage(), answer);
    }

    private static Failure http(String sink, int status, String statusText, String body) {
        String reason = sink + " answered " + status + (statusText == null ? "" : " " + statusText);
        if (status >= 500 || status == 408 || status == 429) {
            return Failure.transientFailure(reason, body, null);
        }
        return Failure.permanent(reason, body);
    }
}
