package com.vobizrouter.intake;

import com.vobizrouter.testsupport.OnPostgres;

/** The intake contract on PostgreSQL, the production database. */
@OnPostgres
class PostgresIntakeContractTest extends IntakeContractTest {
}
