package com.vobizrouter.inbox;

import com.vobizrouter.testsupport.OnH2;

/** The events waiting for each sink, counted on H2. */
@OnH2
class H2InboxBacklogTest extends InboxBacklogTest {
}
