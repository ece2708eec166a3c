package com.vobizrouter.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import com.vobizrouter.VobizRouterApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.mock.env.MockEnvironment;

/**
 * Retention settings that cannot work stop the router at start-up with one line naming the key:
 * idempotency keys forgotten while Vobiz may still send the event again or before the inbox row
 * they protect, a purge interval the scheduler would misread, a retention that is not positive.
 */
@ExtendWith(OutputCaptureExtension.class)
class RetentionSettingsTest {

    @Test
    void refusesToStartWhenIdempotencyKeysWouldBeForgottenWhileVobizStillRetries(CapturedOutput output) {
        assertStartupFails(output, "--router.dedup.retention=12h", "--router.webhook.max-event-age=6h");
        assertThat(output.getAll()).contains("Invalid setting router.dedup.retention: 12h is shorter than "
                + "router.retention.vobiz-retry-window (24h)");
    }

    @Test
    void refusesToStartWithARetentionThatIsNotPositive(CapturedOutput output) {
        assertThatThrownBy(() -> start("--router.retention.vobiz-event=0s")).isInstanceOf(RuntimeException.class);
        assertThat(output.getAll()).contains("router.retention.vobiz-event");
    }

    @Test
    void refusesIdempotencyKeysKeptShorterThanTheInboxRowsTheyProtect() {
        assertThatThrownBy(() -> RetentionConfiguration.check(settings(Duration.ofDays(7), "10m"), Duration.ofDays(3), environment("10m")))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("router.dedup.retention: 3d is shorter than router.retention.inbox (7d): an idempotency key must be kept "
                        + "as long as the inbox row it protects");
    }

    @Test
    void refusesAPurgeIntervalTheSchedulerWouldReadAsZero() {
        assertThatThrownBy(() -> RetentionConfiguration.check(settings(Duration.ofDays(7), "PT10M"), Duration.ofDays(7),
                environment("PT10M")))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageStartingWith("router.retention.purge-interval: 'PT10M' is not read the same by the scheduler");
    }

    @Test
    void acceptsTheShippedDefaultsAndKeysKeptLongerThanEverythingTheyProtect() {
        assertThatCode(() -> RetentionConfiguration.check(settings(Duration.ofDays(7), "10m"), Duration.ofDays(7), environment("10m")))
                .doesNotThrowAnyException();
        assertThatCode(() -> RetentionConfiguration.check(settings(Duration.ofDays(7), "10m"), Duration.ofDays(30), environment("10m")))
                .doesNotThrowAnyException();
    }

    private static RetentionSettings settings(Duration inbox, String purgeInterval) {
        Duration interval = purgeInterval.startsWith("P") ? Duration.parse(purgeInterval) : Duration.ofMinutes(10);
        return new RetentionSettings(interval, Duration.ofMinutes(1), 1000, inbox, Duration.ofDays(30), Duration.ofDays(90),
                Duration.ofDays(180), Duration.ofDays(180), Duration.ofHours(24), false);
    }

    private static MockEnvironment environment(String purgeInterval) {
        return new MockEnvironment().withProperty("router.retention.purge-interval", purgeInterval)
                .withProperty("router.retention.initial-delay", "1m");
    }

    private static void assertStartupFails(CapturedOutput output, String... args) {
        assertThatThrownBy(() -> start(args)).hasRootCauseInstanceOf(InvalidSettingException.class);
        assertThat(output.getAll()).contains("Invalid setting router.dedup.retention: ");
    }

    private static void start(String... args) {
        String[] all = new String[args.length + 4];
        all[0] = "--server.port=0";
        all[1] = "--management.server.port=0";
        all[2] = "--spring.datasource.url=jdbc:h2:mem:retention-refusal;DB_CLOSE_DELAY=-1";
        all[3] = "--router.webhook.secrets=s";
        System.arraycopy(args, 0, all, 4, args.length);
        new SpringApplicationBuilder(VobizRouterApplication.class).run(all).close();
    }
}
