package com.vobizrouter.inbox;

import com.vobizrouter.testsupport.OnH2;

/** The retention purge on the embedded default database (H2). */
@OnH2
class H2RetentionTest extends RetentionTest {
}
