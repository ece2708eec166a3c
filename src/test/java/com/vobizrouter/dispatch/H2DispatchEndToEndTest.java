package com.vobizrouter.dispatch;

import org.springframework.test.context.TestPropertySource;

/** Dispatch end to end on the embedded default database (H2). */
@TestPropertySource(properties = "spring.datasource.url=jdbc:h2:mem:dispatch-e2e;DB_CLOSE_DELAY=-1")
class H2DispatchEndToEndTest extends DispatchEndToEndTest {
}
