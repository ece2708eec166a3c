package com.vobizrouter.inbox;

import javax.sql.DataSource;

import com.vobizrouter.testsupport.Postgres;
import com.vobizrouter.testsupport.RequiresPostgres;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** The retention purge on PostgreSQL, where each batch deletes the rows it picked by ctid. */
@RequiresPostgres
class PostgresRetentionTest extends RetentionTest {

    private static DataSource database;

    @Override
    synchronized DataSource dataSource() {
        if (database == null) {
            database = new DriverManagerDataSource(Postgres.newSchemaUrl("retention"), Postgres.USER, Postgres.PASSWORD);
            Flyway.configure().dataSource(database).load().migrate();
        }
        return database;
    }

    @Override
    boolean postgres() {
        return true;
    }
}
