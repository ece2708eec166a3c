package com.vobizrouter.inbox;

import javax.sql.DataSource;

import com.vobizrouter.testsupport.PostgresSchema;
import com.vobizrouter.testsupport.RequiresPostgres;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;

/** The retention purge on PostgreSQL, where each batch deletes the rows it picked by ctid. */
@RequiresPostgres
class PostgresRetentionTest extends RetentionTest {

    private static PostgresSchema schema;
    private static DataSource database;

    @Override
    synchronized DataSource dataSource() {
        if (database == null) {
            schema = PostgresSchema.create("retention");
            database = schema.dataSource();
            Flyway.configure().dataSource(database).load().migrate();
        }
        return database;
    }

    @AfterAll
    static synchronized void dropSchema() {
        if (schema != null) {
            schema.close();
            schema = null;
            database = null;
        }
    }

    @Override
    boolean postgres() {
        return true;
    }
}
