package com.vobizrouter.sources;

import com.vobizrouter.testsupport.OnH2;

/** Every source end to end on the embedded default database (H2). */
@OnH2
class H2SourcesEndToEndTest extends SourcesEndToEndTest {
}
