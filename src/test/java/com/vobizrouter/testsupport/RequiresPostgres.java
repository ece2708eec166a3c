package com.vobizrouter.testsupport;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Marks tests that need PostgreSQL, tagged {@code postgres}. Where none is reachable they are
 * skipped with a message saying so, except when {@code CI=true}: there PostgreSQL is mandatory
 * and its absence fails the run instead of silently skipping the production database's tests.
 *
 * <p>A parameter of type {@link PostgresSchema} is an empty schema, dropped by JUnit when the
 * method (or, asked for by a class-level method such as {@code @BeforeAll}, the class) is done.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@Tag("postgres")
@ExtendWith({RequiresPostgres.Condition.class, RequiresPostgres.Schemas.class})
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

    /** Gives {@link PostgresSchema} parameters a fresh schema and has JUnit drop it. */
    class Schemas implements ParameterResolver {
        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            return parameter.getParameter().getType() == PostgresSchema.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            Class<?> testClass = context.getRequiredTestClass();
            return ScopedResources.get(context, PostgresSchema.class, () -> PostgresSchema.createFor(testClass));
        }
    }
}
