package com.vobizrouter.inbox;

import com.vobizrouter.testsupport.PostgresSchema;
import com.vobizrouter.testsupport.RequiresPostgres;

/** {@link EventIdsUpgradeTest} on PostgreSQL, in a schema of its own per test. */
@RequiresPostgres
class PostgresEventIdsUpgradeTest extends EventIdsUpgradeTest {

    @Override
    Database emptyDatabase() {
        PostgresSchema schema = PostgresSchema.create("ids_upgrade");
        return new Database(schema.dataSource(), schema.routerProperties(), schema::close);
    }
}
