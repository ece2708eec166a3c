package com.vobizrouter.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * The PostgreSQL server the tests may use: {@code ROUTER_TEST_POSTGRES_URL} (default
 * {@code jdbc:postgresql://127.0.0.1:5432/test}), user {@code ROUTER_TEST_POSTGRES_USER}
 * (default {@code postgres}), password {@code ROUTER_TEST_POSTGRES_PASSWORD}. Tests get a schema
 * of their own ({@link PostgresSchema}), the fault drills a database, so runs never see each
 * other's rows.
 */
public final class Postgres {

    public static final String URL = env("ROUTER_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test");
    public static final String USER = env("ROUTER_TEST_POSTGRES_USER", "postgres");
    public static final String PASSWORD = env("ROUTER_TEST_POSTGRES_PASSWORD", "");

    private Postgres() {
    }

    /** Whether a connection can be opened now. */
    public static boolean reachable() {
        DriverManager.setLoginTimeout(3);
        try (Connection ignored = DriverManager.getConnection(URL, USER, PASSWORD)) {
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    /**
     * Creates an empty database on the server of {@code adminUrl} and returns its JDBC URL; it is
     * dropped when the JVM ends (connections still open to it are closed by the drop).
     */
    public static String newDatabaseUrl(String adminUrl, String purpose) {
        String name = ("drill_" + purpose + "_" + UUID.randomUUID().toString().substring(0, 8)).toLowerCase(Locale.ROOT);
        if (!name.matches("[a-z0-9_]+")) {
            // An identifier cannot be a bind parameter: only this safe shape is ever put into DDL.
            throw new IllegalArgumentException("not a plain database name: " + name);
        }
        execute(adminUrl, "CREATE DATABASE " + name);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> execute(adminUrl, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")));
        java.net.URI server = java.net.URI.create(adminUrl.substring("jdbc:".length()));
        return "jdbc:postgresql://" + server.getHost() + ":" + (server.getPort() < 0 ? 5432 : server.getPort()) + "/" + name;
    }

    static void execute(String sql) {
        execute(URL, sql);
    }

    private static void execute(String url, String sql) {
        try (Connection connection = DriverManager.getConnection(url, USER, PASSWORD);
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL statement failed: " + sql, e);
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
