package com.vobizrouter.testsupport;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Marks tests that need PostgreSQL. Where none is reachable they are skipped with a message
 * saying so, except when {@code CI=true}: there PostgreSQL is mandatory and its absence fails
 * the run instead of silently skipping the production database's tests.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(RequiresPostgres.Condition.class)
public @interface RequiresPostgres {

    /** Evaluated once per JVM; the answer cannot change during a run that matters. */
    class Condition implements ExecutionCondition {
        private static Boolean reachable;

        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            synchronized (Condition.class) {
                if (reachable == null) {
                    reachable = Postgres.reachable();
                }
            }
            if (reachable) {
                return ConditionEvaluationResult.enabled("PostgreSQL reachable at " + Postgres.URL);
            }
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new IllegalStateException("CI=true requires PostgreSQL, but none is reachable at " + Postgres.URL
                        + " as " + Postgres.USER + " (set ROUTER_TEST_POSTGRES_URL/USER/PASSWORD)");
            }
            return ConditionEvaluationResult.disabled("PostgreSQL not reachable at " + Postgres.URL
                    + ": PostgreSQL tests skipped (they are mandatory with CI=true)");
        }
    }
}
