package com.vobizrouter.sources;

import com.vobizrouter.testsupport.OnPostgres;

/** Every source end to end on PostgreSQL, the production database. */
@OnPostgres
class PostgresSourcesEndToEndTest extends SourcesEndToEndTest {
}
