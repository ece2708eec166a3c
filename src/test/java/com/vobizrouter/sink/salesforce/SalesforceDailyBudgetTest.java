package com.vobizrouter.sink.salesforce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import com.vobizrouter.dispatch.SinkBudgets;
import com.vobizrouter.dispatch.SinkPausedException;
import com.vobizrouter.testsupport.SettableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** The router's share of the org's daily allowance, read from Salesforce's Sforce-Limit-Info header. */
class SalesforceDailyBudgetTest {

    private static final Instant NOW = Instant.parse("2026-03-19T10:00:00Z");

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final SinkBudgets budgets = new SinkBudgets(database(), new SettableClock(NOW), Map.of(), meters);
    private final SalesforceDailyBudget daily = new SalesforceDailyBudget(budgets, 80, meters);

    @Test
    void showsTheOrgsUsageAndLimitAndGoesOnBelowItsShare() {
        assertThat(daily.observe("api-usage=3999/5000")).isFalse();
        budgets.take("salesforce");
        assertThat(meters.get("vobiz.salesforce.api.usage").gauge().value()).isEqualTo(3999);
        assertThat(meters.get("vobiz.salesforce.api.limit").gauge().value()).isEqualTo(5000);
    }

    @Test
    void pausesTheSinkOnEveryInstanceOnceTheUsageReachesItsShare() {
        assertThat(daily.observe("per-app-api-usage=2/250(appName=vobiz-router), api-usage=4000/5000")).isTrue();
        assertThatThrownBy(() -> budgets.take("salesforce")).isInstanceOf(SinkPausedException.class)
                .hasMessageContaining("api budget: 4000 of 5000 daily requests used, this router's share is 80 %")
                .satisfies(paused -> assertThat(((SinkPausedException) paused).until()).isEqualTo(NOW.plus(SalesforceDailyBudget.RECHECK)));
    }

    @Test
    void ignoresAHeaderWithoutTheOrgsUsage() {
        assertThat(daily.observe(null)).isFalse();
        assertThat(daily.observe("per-app-api-usage=240/250(appName=vobiz-router)")).isFalse();
        assertThat(daily.observe("api-usage=lots")).isFalse();
        budgets.take("salesforce");
        assertThat(meters.get("vobiz.salesforce.api.usage").gauge().value()).isEqualTo(-1);
    }

    private static DataSource database() {
        DataSource dataSource = new DriverManagerDataSource("jdbc:h2:mem:daily-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
        Flyway.configure().dataSource(dataSource).load().migrate();
        return dataSource;
    }
}
