package com.vobizrouter.dispatch;

import com.vobizrouter.testsupport.OnPostgres;

/** {@link TracingEndToEndTest} on PostgreSQL. */
@OnPostgres
class PostgresTracingEndToEndTest extends TracingEndToEndTest {
}
