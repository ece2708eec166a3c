package com.vobizrouter.sources;

import com.vobizrouter.testsupport.FreshPostgresSchema;

/** Every source end to end on PostgreSQL, the production database. */
@FreshPostgresSchema
class PostgresSourcesEndToEndTest extends SourcesEndToEndTest {
}
