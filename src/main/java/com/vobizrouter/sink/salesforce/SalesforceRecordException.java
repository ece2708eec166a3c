package com.vobizrouter.sink.salesforce;

/**
 * Salesforce refused one record of a collection call (the call itself succeeded). Carries the
 * record's error codes and the JSON Salesforce answered for it.
 */
public class SalesforceRecordException extends RuntimeException {

    private final String codes;
    private final String answer;

    public SalesforceRecordException(String codes, String message, String answer) {
        super(codes + ": " + message, null, false, false);
        this.codes = codes;
        this.answer = answer;
    }

    /** Error codes, comma-separated, e.g. {@code REQUIRED_FIELD_MISSING}. */
    public String getCodes() {
        return codes;
    }

    public String getAnswer() {
        return answer;
    }
}
