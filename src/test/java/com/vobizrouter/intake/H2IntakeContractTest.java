package com.vobizrouter.intake;

import org.springframework.test.context.TestPropertySource;

/** The intake contract on the embedded default database (H2). */
@TestPropertySource(properties = "spring.datasource.url=jdbc:h2:mem:intake-contract;DB_CLOSE_DELAY=-1")
class H2IntakeContractTest extends IntakeContractTest {
}
