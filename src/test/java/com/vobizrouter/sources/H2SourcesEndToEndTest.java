package com.vobizrouter.sources;

import org.springframework.test.context.TestPropertySource;

/** Every source end to end on the embedded default database (H2). */
@TestPropertySource(properties = "spring.datasource.url=jdbc:h2:mem:sources-e2e;DB_CLOSE_DELAY=-1")
class H2SourcesEndToEndTest extends SourcesEndToEndTest {
}
