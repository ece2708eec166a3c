package com.vobizrouter.inbox;

import com.vobizrouter.testsupport.OnH2;

/** {@link EventIdsUpgradeTest} on the embedded H2 database of trials. */
@OnH2
class H2EventIdsUpgradeTest extends EventIdsUpgradeTest {
}
