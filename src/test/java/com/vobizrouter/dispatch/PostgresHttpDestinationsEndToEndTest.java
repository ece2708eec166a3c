package com.vobizrouter.dispatch;

import com.vobizrouter.testsupport.OnPostgres;

/** {@link HttpDestinationsEndToEndTest} on PostgreSQL. */
@OnPostgres
class PostgresHttpDestinationsEndToEndTest extends HttpDestinationsEndToEndTest {
}
