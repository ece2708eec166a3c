package com.vobizrouter.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;
import org.springframework.beans.factory.support.DefaultSingletonBeanRegistry;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.test.context.TestContextAnnotationUtils;

/**
 * An empty database of the kind the test class names: embedded H2 in memory for {@link OnH2}, a
 * schema of its own on the tests' PostgreSQL ({@link PostgresSchema}) for {@link OnPostgres}.
 * Closing it drops it.
 *
 * <p>A test or lifecycle method asks for one with a parameter of this type: one per test method
 * (the same one for its {@code @BeforeEach}), or one per class when {@code @BeforeAll} asks
 * ({@code @TestInstance(PER_CLASS)} lets that be an instance method); JUnit drops it when the
 * method or class is done. A Spring test class ({@link RouterTest}) gets one for its router,
 * {@code spring.datasource.*} pointing there above every other setting, dropped when Spring
 * closes the class's context.
 */
public final class TestDatabase implements AutoCloseable {

    private final boolean postgres;
    private final String url;
    private final String user;
    private final String password;
    private final AutoCloseable drop;
    private final DataSource dataSource;

    private TestDatabase(boolean postgres, String url, String user, String password, AutoCloseable drop) {
        this.postgres = postgres;
        this.url = url;
        this.user = user;
        this.password = password;
        this.drop = drop;
        this.dataSource = new DriverManagerDataSource(url, user, password);
    }

    /** A new empty database for {@code testClass}, of the kind its annotation names. */
    static TestDatabase createFor(Class<?> testClass) {
        if (onPostgres(testClass)) {
            PostgresSchema schema = PostgresSchema.createFor(testClass);
            return new TestDatabase(true, schema.url(), Postgres.USER, Postgres.PASSWORD, schema);
        }
        String url = "jdbc:h2:mem:" + testClass.getSimpleName().toLowerCase(Locale.ROOT) + "-" + UUID.randomUUID()
                + ";DB_CLOSE_DELAY=-1;DB_CLOSE_ON_EXIT=FALSE";
        return new TestDatabase(false, url, "sa", "", () -> shutDownH2(url));
    }

    private static boolean onPostgres(Class<?> testClass) {
        boolean postgres = TestContextAnnotationUtils.hasAnnotation(testClass, OnPostgres.class);
        if (postgres == TestContextAnnotationUtils.hasAnnotation(testClass, OnH2.class)) {
            throw new IllegalStateException(testClass.getName() + " must be annotated with exactly one of @OnH2 and @OnPostgres");
        }
        return postgres;
    }

    private static void shutDownH2(String url) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, "sa", "");
             Statement statement = connection.createStatement()) {
            statement.execute("SHUTDOWN");
        }
    }

    /** Whether this is PostgreSQL (otherwise H2). */
    public boolean postgres() {
        return postgres;
    }

    public String url() {
        return url;
    }

    /** A data source without a pool: one connection per use. */
    public DataSource dataSource() {
        return dataSource;
    }

    /** Router settings that put its database here. */
    public Map<String, String> routerProperties() {
        return Map.of("spring.datasource.url", url, "spring.datasource.username", user, "spring.datasource.password", password);
    }

    /** Migrates this database with the project's Flyway migrations; returns it. */
    public TestDatabase migrated() {
        Flyway.configure().dataSource(dataSource).load().migrate();
        return this;
    }

    @Override
    public void close() throws Exception {
        drop.close();
    }

    @Override
    public String toString() {
        return (postgres ? "PostgreSQL " : "H2 ") + url;
    }

    /** Gives {@link TestDatabase} parameters an empty database and has JUnit drop it. */
    public static final class Resolver implements ParameterResolver {
        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            return parameter.getParameter().getType() == TestDatabase.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            Class<?> testClass = context.getRequiredTestClass();
            return ScopedResources.get(context, TestDatabase.class, () -> createFor(testClass));
        }
    }

    /** Registered in {@code META-INF/spring.factories}: the router of an {@link OnH2} or {@link OnPostgres} class. */
    public static final class Customizers implements ContextCustomizerFactory {
        @Override
        public ContextCustomizer createContextCustomizer(Class<?> testClass, List<ContextConfigurationAttributes> configAttributes) {
            boolean annotated = TestContextAnnotationUtils.hasAnnotation(testClass, OnH2.class)
                    || TestContextAnnotationUtils.hasAnnotation(testClass, OnPostgres.class);
            return annotated ? new InTestDatabase(testClass) : null;
        }
    }

    /** Equal for one test class only, so the context (and its database) is that class's own. */
    record InTestDatabase(Class<?> testClass) implements ContextCustomizer {
        @Override
        public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration mergedConfig) {
            TestDatabase database = createFor(testClass);
            context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("testDatabase",
                    new LinkedHashMap<>(database.routerProperties())));
            // Registered before any bean, so destroyed after all of them: the pool is closed by then.
            ((DefaultSingletonBeanRegistry) context.getBeanFactory()).registerDisposableBean("testDatabase", () -> database.close());
        }
    }
}
