package com.vobizrouter.inbox;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** The retention purge on the embedded default database (H2). */
class H2RetentionTest extends RetentionTest {

    private static final DataSource DATABASE = migrated();

    private static DataSource migrated() {
        DataSource dataSource = new DriverManagerDataSource("jdbc:h2:mem:retention-" + java.util.UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        Flyway.configure().dataSource(dataSource).load().migrate();
        return dataSource;
    }

    @Override
    DataSource dataSource() {
        return DATABASE;
    }

    @Override
    boolean postgres() {
        return false;
    }
}
