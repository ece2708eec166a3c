package com.vobizrouter.sink.sql;

import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;

/**
 * A {@code sql} destination: a database of the company's own and the one statement run for each
 * event delivered to it. Everything here comes from configuration; an event only ever fills the
 * statement's named parameters ({@code :order_id}), as values.
 *
 * @param url       a JDBC URL ({@code jdbc:postgresql://…}, {@code jdbc:h2:…}): a driver for it is on the class path
 * @param statement one SQL statement with {@code :name} parameters
 * @param poolSize  connections kept to it at most
 * @param timeout   for a connection and for the statement
 */
public record SqlDestination(String name, String url, String username, String password, String statement, int poolSize,
        Duration timeout) {

    /**
     * A destination checked; a bad value is refused with {@code key: problem}, where key is the
     * setting's suffix ({@code url}, {@code statement}, {@code pool-size}, {@code timeout}).
     *
     * @throws IllegalArgumentException naming the key
     */
    public static SqlDestination of(String name, String url, String username, String password, String statement, int poolSize,
            Duration timeout) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("url: is required: the JDBC URL of the database, e.g. jdbc:postgresql://host:5432/orders");
        }
        String jdbc = url.trim();
        if (!jdbc.startsWith("jdbc:")) {
            throw new IllegalArgumentException("url: is not a JDBC URL (jdbc:postgresql://…, jdbc:h2:…)");
        }
        try {
            DriverManager.getDriver(jdbc);
        } catch (SQLException none) {
            throw new IllegalArgumentException("url: no JDBC driver for it is on the class path (PostgreSQL and H2 are)");
        }
        if (statement == null || statement.isBlank()) {
            throw new IllegalArgumentException("statement: is required: the SQL run for each event, with :name parameters");
        }
        String sql = statement.strip();
        if (sql.endsWith(";")) {
            sql = sql.substring(0, sql.length() - 1).strip();
        }
        if (outsideQuotes(sql).contains(";")) {
            throw new IllegalArgumentException("statement: must be one statement (no ';' between statements)");
        }
        if (poolSize < 1 || poolSize > 100) {
            throw new IllegalArgumentException("pool-size: must be 1 to 100");
        }
        if (timeout == null || timeout.isNegative() || timeout.isZero() || timeout.compareTo(Duration.ofMinutes(5)) > 0) {
            throw new IllegalArgumentException("timeout: must be more than 0 and at most 5m");
        }
        if ((username == null) != (password == null) && password != null) {
            throw new IllegalArgumentException("username: a password needs its username");
        }
        return new SqlDestination(name, jdbc, username, password, sql, poolSize, timeout);
    }

    /** The text with quoted literals and identifiers blanked, so a ';' inside them is not taken for a second statement. */
    private static String outsideQuotes(String sql) {
        StringBuilder out = new StringBuilder(sql.length());
        char quote = 0;
        for (char c : sql.toCharArray()) {
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
                out.append(' ');
            } else if (c == '\'' || c == '"') {
                quote = c;
                out.append(' ');
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return "SqlDestination[name=" + name + ", password=" + (password == null ? "unset" : "set") + ", poolSize=" + poolSize + "]";
    }
}
