package com.vobizrouter.config;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

/** Which database the router runs on, for the beans whose SQL differs between PostgreSQL and H2. */
final class Databases {

    private Databases() {
    }

    static boolean isPostgres(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return connection.getMetaData().getDatabaseProductName().toLowerCase().contains("postgres");
        }
    }
}
