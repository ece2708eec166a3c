package com.vobizrouter.intake;

import com.vobizrouter.testsupport.FreshPostgresSchema;

/** The hostile request corpus on PostgreSQL, the production database. */
@FreshPostgresSchema
class PostgresHostileInputTest extends HostileInputTest {
}
