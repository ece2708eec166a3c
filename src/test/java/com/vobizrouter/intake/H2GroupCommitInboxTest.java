package com.vobizrouter.intake;

import com.vobizrouter.testsupport.OnH2;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.jdbc.core.JdbcTemplate;

/** {@link GroupCommitInboxTest} on H2. */
@OnH2
class H2GroupCommitInboxTest extends GroupCommitInboxTest {

    /** Writers racing for one key wait for each other's lock instead of failing after H2's default second. */
    @BeforeEach
    void waitLongerForLocks() {
        new JdbcTemplate(database).execute("SET DEFAULT_LOCK_TIMEOUT 30000");
    }
}
