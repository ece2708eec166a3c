package com.vobizrouter.dispatch;

import com.vobizrouter.testsupport.OnPostgres;

/** Dispatch end to end on PostgreSQL, where inbox rows are claimed with SKIP LOCKED. */
@OnPostgres
class PostgresDispatchEndToEndTest extends DispatchEndToEndTest {
}
