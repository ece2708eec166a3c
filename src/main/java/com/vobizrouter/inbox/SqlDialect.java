package com.vobizrouter.inbox;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

/**
 * The database the router runs on, asked once at start-up (bean {@code sqlDialect}) and handed to
 * every class whose statements differ between the two: PostgreSQL, which several instances share
 * ({@code FOR UPDATE SKIP LOCKED}, {@code INSERT … ON CONFLICT}, arrays, {@code ctid}, advisory
 * locks, {@code VACUUM}), and the embedded H2 of one instance ({@code MERGE}, JDBC batches).
 * Statements both run alike are written once, in standard SQL.
 */
public enum SqlDialect {

    POSTGRESQL,
    H2;

    /** The dialect of the database behind the data source (one connection, asked once). */
    public static SqlDialect of(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return connection.getMetaData().getDatabaseProductName().toLowerCase().contains("postgres") ? POSTGRESQL : H2;
        }
    }

    public boolean isPostgresql() {
        return this == POSTGRESQL;
    }
}
