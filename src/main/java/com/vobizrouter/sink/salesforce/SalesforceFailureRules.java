package com.vobizrouter.sink.salesforce;

import java.util.Set;

import com.vobizrouter.dispatch.Failure;
import com.vobizrouter.dispatch.FailureRules;
import org.apache.camel.component.salesforce.api.SalesforceException;
import org.apache.camel.component.salesforce.api.dto.RestError;

/**
 * Salesforce's failures: a record the collection call refused (transient only for lock and limit
 * codes), {@code REQUEST_LIMIT_EXCEEDED} (transient), no answer at all (transient), and HTTP
 * statuses. camel-salesforce 4.17 passes on only {@code Sforce-*} response headers, so no
 * {@code Retry-After} can be kept.
 */
public class SalesforceFailureRules implements FailureRules {

    /** Record-level codes that say "try later" rather than "this record is wrong". */
    private static final Set<String> TRANSIENT_RECORD_CODES =
            Set.of("UNABLE_TO_LOCK_ROW", "REQUEST_LIMIT_EXCEEDED", "SERVER_UNAVAILABLE", "UNKNOWN_EXCEPTION");

    @Override
    public Failure classify(Throwable cause) {
        if (cause instanceof SalesforceRecordException record) {
            return record(record);
        }
        if (cause instanceof SalesforceException salesforce) {
            return call(salesforce);
        }
        return null;
    }

    @Override
    public Integer httpStatus(Throwable cause) {
        return cause instanceof SalesforceException salesforce && salesforce.getStatusCode() != 0 ? salesforce.getStatusCode() : null;
    }

    private static Failure record(SalesforceRecordException e) {
        String reason = "Salesforce refused the record: " + e.getMessage();
        for (String code : e.getCodes().split(",")) {
            if (TRANSIENT_RECORD_CODES.contains(code)) {
                return Failure.transientFailure(reason, e.getAnswer(), null);
            }
        }
        return Failure.permanent(reason, e.getAnswer());
    }

    private static Failure call(SalesforceException e) {
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
        return Failure.http("Salesforce", status, e.getMessage(), answer);
    }
}
