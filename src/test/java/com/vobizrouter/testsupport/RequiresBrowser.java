package com.vobizrouter.testsupport;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Marks tests that drive a real headless Chromium ({@code /usr/bin/chromium} and
 * {@code /usr/bin/chromedriver}, Debian's packages {@code chromium} and {@code chromium-driver},
 * or {@code ROUTER_TEST_CHROMIUM} / {@code ROUTER_TEST_CHROMEDRIVER}). Skipped with a message
 * where they are not installed, except with {@code CI=true}, where {@code .ci/run} installs them
 * and the browser tests are mandatory.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(RequiresBrowser.Condition.class)
public @interface RequiresBrowser {

    String CHROMIUM = Condition.env("ROUTER_TEST_CHROMIUM", "/usr/bin/chromium");
    String CHROMEDRIVER = Condition.env("ROUTER_TEST_CHROMEDRIVER", "/usr/bin/chromedriver");

    class Condition implements ExecutionCondition {
        static String env(String name, String fallback) {
            String value = System.getenv(name);
            return value == null || value.isBlank() ? fallback : value;
        }

        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            if (Files.isExecutable(Path.of(CHROMIUM)) && Files.isExecutable(Path.of(CHROMEDRIVER))) {
                return ConditionEvaluationResult.enabled("Chromium found at " + CHROMIUM);
            }
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new IllegalStateException("CI=true requires Chromium and chromedriver at " + CHROMIUM + " and " + CHROMEDRIVER
                        + " (apt-get install chromium chromium-driver)");
            }
            return ConditionEvaluationResult.disabled("Chromium/chromedriver not installed: browser tests skipped "
                    + "(apt-get install chromium chromium-driver; they are mandatory with CI=true)");
        }
    }
}
