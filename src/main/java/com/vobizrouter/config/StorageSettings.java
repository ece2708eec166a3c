package com.vobizrouter.config;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code router.storage.*}: how intake stores events; concurrent requests share a transaction
 * (group commit).
 *
 * @param writers threads writing events to the database
 * @param maxBatch most events stored in one transaction
 * @param answerTimeout longest a webhook waits for its commit before it is answered 503
 */
@Validated
@ConfigurationProperties("router.storage")
public record StorageSettings(
        @Min(value = 1, message = "must be at least 1")
        @DefaultValue("1") int writers,

        @Min(value = 1, message = "must be at least 1")
        @DefaultValue("64") int maxBatch,

        @NotNull(message = "must be positive")
        @DurationMin(inclusive = false, message = "must be positive")
        @DefaultValue("4s") Duration answerTimeout) {
}
