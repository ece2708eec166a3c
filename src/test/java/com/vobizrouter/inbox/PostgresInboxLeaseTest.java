package com.vobizrouter.inbox;

import com.vobizrouter.testsupport.OnPostgres;

/** {@link InboxLeaseTest} on PostgreSQL, where claims skip locked rows. */
@OnPostgres
class PostgresInboxLeaseTest extends InboxLeaseTest {
}
