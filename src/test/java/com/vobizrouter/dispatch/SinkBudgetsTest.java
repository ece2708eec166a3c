package com.vobizrouter.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import com.vobizrouter.testsupport.SettableClock;
import com.vobizrouter.testsupport.TestDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A sink's API budget shared by two instances on one database, on H2 and PostgreSQL; the clock is
 * moved by hand. Subclasses choose the database.
 */
abstract class SinkBudgetsTest {

    private static final Instant START = Instant.parse("2026-03-19T10:00:00Z");

    private DataSource database;

    @BeforeEach
    void migrate(TestDatabase database) {
        this.database = database.migrated().dataSource();
    }

    @Test
    void twoInstancesWithALimitOfSixtyAMinuteNeverMakeMoreThanSixtyCallsInAnyMinuteYetUseItsBudget() {
        SettableClock clock = new SettableClock(START);
        SinkBudgets first = new SinkBudgets(database, clock, Map.of("zendesk", 60), new SimpleMeterRegistry());
        SinkBudgets second = new SinkBudgets(database, clock, Map.of("zendesk", 60), new SimpleMeterRegistry());
        List<Instant> calls = new ArrayList<>();
        int refused = 0;
        // Both instances try ten calls each every 100 ms for five minutes: far more than the budget.
        for (int step = 0; step < 3000; step++) {
            for (int i = 0; i < 10; i++) {
                for (SinkBudgets instance : List.of(first, second)) {
                    try {
                        instance.take("zendesk");
                        calls.add(clock.instant());
                    } catch (SinkPausedException noBudget) {
                        assertThat(noBudget.until()).isAfter(clock.instant());
                        refused++;
                    }
                }
            }
            clock.advance(Duration.ofMillis(100));
        }
        for (int i = 0; i < calls.size(); i++) {
            Instant windowEnd = calls.get(i).plusSeconds(60);
            long inWindow = calls.stream().skip(i).takeWhile(at -> at.isBefore(windowEnd)).count();
            assertThat(inWindow).as("calls in the minute from " + calls.get(i)).isLessThanOrEqualTo(60);
        }
        assertThat(calls).as("the budget is used, not starved").hasSizeGreaterThanOrEqualTo(5 * 50);
        assertThat(refused).isPositive();
    }

    @Test
    void aDeliveryNeedingTwoCallsTakesBothOrNoneAndALoneTokenStaysForASingleCall() {
        SettableClock clock = new SettableClock(START);
        // 60 a minute: a bucket of 6, refilled at 54 a minute (0.9 a second).
        SinkBudgets budgets = new SinkBudgets(database, clock, Map.of("zendesk", 60), new SimpleMeterRegistry());
        budgets.take("zendesk");
        clock.advance(Duration.ofSeconds(10));
        budgets.take("zendesk", 2);
        budgets.take("zendesk", 2);
        budgets.take("zendesk");
        assertThatThrownBy(() -> budgets.take("zendesk", 2)).as("one token left: the pair waits, none spent")
                .isInstanceOf(SinkPausedException.class);
        clock.advance(Duration.ofSeconds(1));
        budgets.take("zendesk");
        assertThatThrownBy(() -> budgets.take("zendesk")).as("the lone token went to a single call").isInstanceOf(SinkPausedException.class);
        clock.advance(Duration.ofMillis(2300));
        budgets.take("zendesk", 2);
        assertThatThrownBy(() -> budgets.take("zendesk")).as("2.97 tokens were there, 2 spent").isInstanceOf(SinkPausedException.class);

        SinkBudgets tiny = new SinkBudgets(database, clock, Map.of("salesforce", 5), new SimpleMeterRegistry());
        tiny.take("salesforce");
        clock.advance(Duration.ofSeconds(30));
        tiny.take("salesforce", 2);
        assertThatThrownBy(() -> tiny.take("salesforce")).as("a bucket of one gives what it holds").isInstanceOf(SinkPausedException.class);
    }

    @Test
    void aPauseOneInstanceRecordsStopsTheOtherWithinASecondUntilItEnds() {
        SettableClock clock = new SettableClock(START);
        SinkBudgets first = new SinkBudgets(database, clock, Map.of(), new SimpleMeterRegistry());
        SinkBudgets second = new SinkBudgets(database, clock, Map.of(), new SimpleMeterRegistry());
        second.take("zendesk");

        first.pause("zendesk", Duration.ofSeconds(30), "Zendesk rate limit (429)");
        assertThatThrownBy(() -> first.take("zendesk")).isInstanceOf(SinkPausedException.class);
        clock.advance(Duration.ofSeconds(1));
        assertThatThrownBy(() -> second.take("zendesk")).isInstanceOf(SinkPausedException.class)
                .hasMessageContaining("Zendesk rate limit (429)")
                .satisfies(paused -> assertThat(((SinkPausedException) paused).until()).isEqualTo(START.plusSeconds(30)));
        first.pause("zendesk", Duration.ofSeconds(5), "a shorter pause does not cut the longer one short");
        clock.advance(Duration.ofSeconds(28));
        assertThatThrownBy(() -> second.take("zendesk")).isInstanceOf(SinkPausedException.class);
        clock.advance(Duration.ofSeconds(2));
        second.take("zendesk");
        first.take("salesforce");
    }
}
