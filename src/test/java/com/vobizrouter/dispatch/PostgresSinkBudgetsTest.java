package com.vobizrouter.dispatch;

import com.vobizrouter.testsupport.OnPostgres;

/** {@link SinkBudgetsTest} on PostgreSQL, the production database. */
@OnPostgres
class PostgresSinkBudgetsTest extends SinkBudgetsTest {
}
