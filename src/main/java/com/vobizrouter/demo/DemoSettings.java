package com.vobizrouter.demo;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Profile;
import org.springframework.validation.annotation.Validated;

/**
 * {@code router.demo.*}: the demo profile's stand-ins for Salesforce and Zendesk.
 *
 * @param latency how long each stand-in takes to answer (benchmarks set it to imitate a real system)
 * @param zendeskRateLimit requests a minute the Zendesk stand-in answers, as a Zendesk plan limits
 *     them; beyond that it answers 429 with {@code Retry-After} (0: no limit)
 */
@Profile("demo")
@Validated
@ConfigurationProperties("router.demo")
public record DemoSettings(
        @NotNull(message = "must not be negative")
        @DurationMin(message = "must not be negative")
        @DefaultValue("0ms") Duration latency,

        @Min(value = 0, message = "must not be negative (0: no limit)")
        @DefaultValue("0") int zendeskRateLimit) {
}
