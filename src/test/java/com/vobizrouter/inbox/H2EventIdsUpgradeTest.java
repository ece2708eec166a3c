package com.vobizrouter.inbox;

import java.util.Map;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** {@link EventIdsUpgradeTest} on the embedded H2 database of trials. */
class H2EventIdsUpgradeTest extends EventIdsUpgradeTest {

    @Override
    Database emptyDatabase() {
        String url = "jdbc:h2:mem:ids-upgrade-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        DriverManagerDataSource dataSource = new DriverManagerDataSource(url, "sa", "");
        return new Database(dataSource, Map.of("spring.datasource.url", url),
                () -> new JdbcTemplate(dataSource).execute("SHUTDOWN"));
    }
}
