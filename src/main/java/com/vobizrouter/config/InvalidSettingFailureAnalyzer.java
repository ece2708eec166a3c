package com.vobizrouter.config;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns an {@link InvalidSettingException} into Spring Boot's short "APPLICATION FAILED TO START"
 * report instead of a stack trace, so an operator sees which key to fix.
 */
public class InvalidSettingFailureAnalyzer extends AbstractFailureAnalyzer<InvalidSettingException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidSettingException cause) {
        return new FailureAnalysis("Invalid setting " + cause.getMessage(),
                "Fix " + cause.getKey() + " in application.yaml or its environment variable, then start again.", cause);
    }
}
