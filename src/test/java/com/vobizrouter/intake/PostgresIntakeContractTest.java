package com.vobizrouter.intake;

import com.vobizrouter.testsupport.FreshPostgresSchema;

/** The intake contract on PostgreSQL, the production database. */
@FreshPostgresSchema
class PostgresIntakeContractTest extends IntakeContractTest {
}
