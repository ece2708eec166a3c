package com.vobizrouter.config;

/**
 * A setting that makes the router unsafe or unable to run. Start-up stops with one line that
 * names the key, printed by {@link InvalidSettingFailureAnalyzer}; the message never contains a
 * secret's value.
 */
public class InvalidSettingException extends RuntimeException {

    private final String key;
    private final String problem;

    public InvalidSettingException(String key, String problem) {
        super(key + ": " + problem);
        this.key = key;
        this.problem = problem;
    }

    public String getKey() {
        return key;
    }

    /** What is wrong with the value, without the key. */
    public String getProblem() {
        return problem;
    }
}
