package com.vobizrouter.config;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code router.health.*}: when the inbox backlog makes readiness report DEGRADED.
 *
 * @param backlogMaxSize DEGRADED when more events than this wait in the inbox
 * @param backlogMaxAge DEGRADED when the oldest waiting event is older than this
 */
@Validated
@ConfigurationProperties("router.health")
public record HealthSettings(
        @Min(value = 1, message = "must be at least 1")
        @DefaultValue("10000") int backlogMaxSize,

        @NotNull(message = "must be positive")
        @DurationMin(inclusive = false, message = "must be positive")
        @DefaultValue("5m") Duration backlogMaxAge) {
}
