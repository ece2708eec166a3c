package com.vobizrouter.config;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code router.dedup.*}: how long event ids are remembered, and how often old ones are purged.
 *
 * @param retention how long an event id is remembered
 * @param purgeInterval how often expired ids (and old rejections) are purged
 */
@Validated
@ConfigurationProperties("router.dedup")
public record DedupSettings(
        @NotNull(message = "must be a positive duration such as 7d")
        @DurationMin(inclusive = false, message = "must be a positive duration such as 7d")
        @DefaultValue("7d") Duration retention,

        @NotNull(message = "must be at least one second")
        @DurationMin(seconds = 1, message = "must be at least one second")
        @DefaultValue("1h") Duration purgeInterval) {
}
