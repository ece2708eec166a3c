package com.vobizrouter.intake;

import com.vobizrouter.testsupport.OnPostgres;

/** The hostile request corpus on PostgreSQL, the production database. */
@OnPostgres
class PostgresHostileInputTest extends HostileInputTest {
}
