package com.vobizrouter.testsupport;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.LinkedHashMap;
import java.util.List;

import org.springframework.beans.factory.support.DefaultSingletonBeanRegistry;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.test.context.TestContextAnnotationUtils;

/**
 * The router of this {@link RouterTest} class runs on PostgreSQL, in an empty schema of its own
 * ({@link PostgresSchema}): {@code spring.datasource.*} point there, above every other source.
 * The schema is created when Spring starts the class's context and dropped after the context's
 * last bean is gone, so a context Spring keeps cached for later keeps its rows until then. Each
 * annotated class has a context and a schema of its own. Implies {@link RequiresPostgres}: skipped
 * (or failing with {@code CI=true}) where PostgreSQL is unreachable, tagged {@code postgres}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@RequiresPostgres
public @interface FreshPostgresSchema {

    /** Registered in {@code META-INF/spring.factories}. */
    final class Customizers implements ContextCustomizerFactory {
        @Override
        public ContextCustomizer createContextCustomizer(Class<?> testClass, List<ContextConfigurationAttributes> configAttributes) {
            return TestContextAnnotationUtils.hasAnnotation(testClass, FreshPostgresSchema.class) ? new InFreshSchema(testClass) : null;
        }
    }

    /** Equal for one test class only, so the context (and its schema) is that class's own. */
    record InFreshSchema(Class<?> testClass) implements ContextCustomizer {
        @Override
        public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration mergedConfig) {
            PostgresSchema schema = PostgresSchema.createFor(testClass);
            context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("freshPostgresSchema",
                    new LinkedHashMap<>(schema.routerProperties())));
            // Registered before any bean, so destroyed after all of them: the pool is closed by then.
            ((DefaultSingletonBeanRegistry) context.getBeanFactory()).registerDisposableBean("freshPostgresSchema", schema::close);
        }
    }
}
