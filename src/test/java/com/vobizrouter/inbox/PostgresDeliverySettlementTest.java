package com.vobizrouter.inbox;

import com.vobizrouter.testsupport.OnPostgres;

/** {@link DeliverySettlementTest} on PostgreSQL. */
@OnPostgres
class PostgresDeliverySettlementTest extends DeliverySettlementTest {
}
