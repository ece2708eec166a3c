package com.vobizrouter.dispatch;

import com.vobizrouter.testsupport.OnH2;

/** {@link SinkBudgetsTest} on H2. */
@OnH2
class H2SinkBudgetsTest extends SinkBudgetsTest {
}
