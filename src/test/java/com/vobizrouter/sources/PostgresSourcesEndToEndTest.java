package com.vobizrouter.sources;

import com.vobizrouter.testsupport.Postgres;
import com.vobizrouter.testsupport.RequiresPostgres;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Every source end to end on PostgreSQL, the production database. */
@RequiresPostgres
class PostgresSourcesEndToEndTest extends SourcesEndToEndTest {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        String url = Postgres.newSchemaUrl("sources");
        registry.add("spring.datasource.url", () -> url);
        registry.add("spring.datasource.username", () -> Postgres.USER);
        registry.add("spring.datasource.password", () -> Postgres.PASSWORD);
    }
}
