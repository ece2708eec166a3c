package com.vobizrouter.intake;

import com.vobizrouter.testsupport.Postgres;
import com.vobizrouter.testsupport.RequiresPostgres;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The hostile request corpus on PostgreSQL, the production database. */
@RequiresPostgres
class PostgresHostileInputTest extends HostileInputTest {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        String url = Postgres.newSchemaUrl("hostile");
        registry.add("spring.datasource.url", () -> url);
        registry.add("spring.datasource.username", () -> Postgres.USER);
        registry.add("spring.datasource.password", () -> Postgres.PASSWORD);
    }
}
