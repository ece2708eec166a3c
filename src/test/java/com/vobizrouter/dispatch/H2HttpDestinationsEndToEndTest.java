package com.vobizrouter.dispatch;

import com.vobizrouter.testsupport.OnH2;

/** {@link HttpDestinationsEndToEndTest} on the embedded default database (H2). */
@OnH2
class H2HttpDestinationsEndToEndTest extends HttpDestinationsEndToEndTest {
}
