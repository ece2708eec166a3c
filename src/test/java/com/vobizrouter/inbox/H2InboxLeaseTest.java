package com.vobizrouter.inbox;

import com.vobizrouter.testsupport.OnH2;

/** {@link InboxLeaseTest} on H2. */
@OnH2
class H2InboxLeaseTest extends InboxLeaseTest {
}
