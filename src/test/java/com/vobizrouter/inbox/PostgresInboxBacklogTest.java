package com.vobizrouter.inbox;

import javax.sql.DataSource;

import com.vobizrouter.testsupport.PostgresSchema;
import com.vobizrouter.testsupport.RequiresPostgres;
import org.junit.jupiter.api.AfterEach;

/** The events waiting for each sink, counted on PostgreSQL. */
@RequiresPostgres
class PostgresInboxBacklogTest extends InboxBacklogTest {

    private PostgresSchema schema;

    @Override
    DataSource dataSource() {
        schema = PostgresSchema.create("inbox_backlog");
        return schema.dataSource();
    }

    @AfterEach
    void dropSchema() {
        if (schema != null) {
            schema.close();
        }
    }
}
