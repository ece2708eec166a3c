package com.vobizrouter.dispatch;

import com.vobizrouter.testsupport.OnH2;

/** Dispatch end to end on the embedded default database (H2). */
@OnH2
class H2DispatchEndToEndTest extends DispatchEndToEndTest {
}
