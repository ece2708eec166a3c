package com.vobizrouter.intake;

import com.vobizrouter.testsupport.OnH2;

/** The hostile request corpus on the embedded default database (H2). */
@OnH2
class H2HostileInputTest extends HostileInputTest {
}
