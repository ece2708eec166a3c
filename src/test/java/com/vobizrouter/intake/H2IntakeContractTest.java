package com.vobizrouter.intake;

import com.vobizrouter.testsupport.OnH2;

/** The intake contract on the embedded default database (H2). */
@OnH2
class H2IntakeContractTest extends IntakeContractTest {
}
