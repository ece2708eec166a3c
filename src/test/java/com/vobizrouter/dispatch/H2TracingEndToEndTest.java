package com.vobizrouter.dispatch;

import com.vobizrouter.testsupport.OnH2;

/** {@link TracingEndToEndTest} on H2. */
@OnH2
class H2TracingEndToEndTest extends TracingEndToEndTest {
}
