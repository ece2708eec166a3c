package com.vobizrouter.intake;

import org.springframework.test.context.TestPropertySource;

/** The hostile request corpus on the embedded default database (H2). */
@TestPropertySource(properties = "spring.datasource.url=jdbc:h2:mem:hostile-input;DB_CLOSE_DELAY=-1")
class H2HostileInputTest extends HostileInputTest {
}
