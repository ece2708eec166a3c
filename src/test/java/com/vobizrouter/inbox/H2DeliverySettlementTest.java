package com.vobizrouter.inbox;

import com.vobizrouter.testsupport.OnH2;

/** {@link DeliverySettlementTest} on H2. */
@OnH2
class H2DeliverySettlementTest extends DeliverySettlementTest {
}
