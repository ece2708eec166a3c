package com.vobizrouter.sink.database;

import javax.sql.DataSource;

import com.vobizrouter.testsupport.PostgresSchema;
import com.vobizrouter.testsupport.RequiresPostgres;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;

/** The database sink's set-based writes on PostgreSQL ({@code INSERT … ON CONFLICT}). */
@RequiresPostgres
class PostgresDatabaseSinkWriterTest extends DatabaseSinkWriterTest {

    private PostgresSchema schema;

    @Override
    DataSource dataSource() {
        schema = PostgresSchema.create("sink_writer");
        DataSource dataSource = schema.dataSource();
        Flyway.configure().dataSource(dataSource).load().migrate();
        return dataSource;
    }

    @Override
    boolean postgres() {
        return true;
    }

    @AfterEach
    void dropSchema() {
        if (schema != null) {
            schema.close();
        }
    }
}
