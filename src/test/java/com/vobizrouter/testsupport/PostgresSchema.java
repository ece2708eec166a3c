package com.vobizrouter.testsupport;

import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * An empty schema on the tests' PostgreSQL ({@link Postgres}), so that a test never sees another
 * one's rows. Closing it drops the schema and everything in it. Tests marked
 * {@link RequiresPostgres} get one as a parameter; an {@link OnPostgres} test's {@link TestDatabase}
 * is one.
 */
public final class PostgresSchema implements AutoCloseable {

    private final String name;
    private final String url;

    private PostgresSchema(String name) {
        this.name = name;
        this.url = Postgres.URL + (Postgres.URL.contains("?") ? "&" : "?") + "currentSchema=" + name;
    }

    /** Creates a schema named after {@code purpose} and a random suffix. */
    private static PostgresSchema create(String purpose) {
        String name = ("t_" + purpose + "_" + UUID.randomUUID().toString().substring(0, 8)).toLowerCase(Locale.ROOT);
        if (!name.matches("[a-z0-9_]{1,63}")) {
            // An identifier cannot be a bind parameter: only this safe shape is ever put into DDL.
            throw new IllegalArgumentException("not a plain schema name: " + name);
        }
        Postgres.execute("CREATE SCHEMA " + name);
        return new PostgresSchema(name);
    }

    /** Creates a schema named after a test class (nested classes with their enclosing class). */
    public static PostgresSchema createFor(Class<?> testClass) {
        String simpleName = testClass.getName().substring(testClass.getPackageName().length() + 1);
        return create(simpleName.replace("Test$", "$").replaceFirst("Test$", "").replace('$', '_'));
    }

    /** A JDBC URL whose connections use this schema. */
    public String url() {
        return url;
    }

    /** Router settings that put its database in this schema. */
    public Map<String, String> routerProperties() {
        return Map.of("spring.datasource.url", url, "spring.datasource.username", Postgres.USER,
                "spring.datasource.password", Postgres.PASSWORD);
    }

    /** A data source without a pool: one connection per use, into this schema. */
    public DataSource dataSource() {
        return new DriverManagerDataSource(url, Postgres.USER, Postgres.PASSWORD);
    }

    /** Drops the schema with everything in it. */
    @Override
    public void close() {
        Postgres.execute("DROP SCHEMA IF EXISTS " + name + " CASCADE");
    }

    @Override
    public String toString() {
        return name;
    }
}
