package com.vobizrouter.dispatch;

import com.vobizrouter.testsupport.FreshPostgresSchema;

/** Dispatch end to end on PostgreSQL, where inbox rows are claimed with SKIP LOCKED. */
@FreshPostgresSchema
class PostgresDispatchEndToEndTest extends DispatchEndToEndTest {
}
