package com.vobizrouter.inbox;

import com.vobizrouter.testsupport.OnPostgres;

/** The events waiting for each sink, counted on PostgreSQL. */
@OnPostgres
class PostgresInboxBacklogTest extends InboxBacklogTest {
}
