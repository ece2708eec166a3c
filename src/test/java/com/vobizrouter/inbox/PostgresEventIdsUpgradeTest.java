package com.vobizrouter.inbox;

import com.vobizrouter.testsupport.OnPostgres;

/** {@link EventIdsUpgradeTest} on PostgreSQL, in a schema of its own per test. */
@OnPostgres
class PostgresEventIdsUpgradeTest extends EventIdsUpgradeTest {
}
