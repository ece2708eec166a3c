package com.vobizrouter.config;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How long each table that grows keeps its rows, and how the purge runs ({@code router.retention.*}).
 * Idempotency keys ({@code router.dedup.retention}) and rejected requests
 * ({@code router.admin.rejections-*}) keep their own settings; {@link RetentionConfiguration}
 * checks at start-up that keys outlive both Vobiz's retries and the inbox rows they protect.
 *
 * @param purgeInterval time between two purge runs; written like 10m, 30s or 1h (the scheduler reads that form)
 * @param initialDelay time from start-up to the first run of every purge, same form
 * @param batchSize rows one purge batch (one transaction) reads and at most deletes
 * @param inbox delivered (DONE) and IGNORED inbox rows, from receipt; delivery attempts of events no longer in the inbox
 * @param deadLetters dead letters, replayed or not, from when they were written; DEAD inbox rows go with their last dead letter
 * @param vobizEvent analytics rows ({@code vobiz_event}), from receipt
 * @param messageStatus {@code message_status} rows, from their last update
 * @param campaignResult {@code campaign_result} rows, from their last update
 * @param vobizRetryWindow how long Vobiz keeps sending an event again that got no 200; idempotency keys must outlive it
 * @param vacuum vacuum the tables that lost rows after each run (PostgreSQL without autovacuum)
 */
@Validated
@ConfigurationProperties(prefix = "router.retention")
public record RetentionSettings(
        @NotNull @DurationMin(seconds = 1) @DefaultValue("10m") Duration purgeInterval,
        @NotNull @DurationMin(millis = 0) @DefaultValue("1m") Duration initialDelay,
        @Min(1) @Max(10_000) @DefaultValue("1000") int batchSize,
        @NotNull @DurationMin(seconds = 1) @DefaultValue("7d") Duration inbox,
        @NotNull @DurationMin(seconds = 1) @DefaultValue("30d") Duration deadLetters,
        @NotNull @DurationMin(seconds = 1) @DefaultValue("90d") Duration vobizEvent,
        @NotNull @DurationMin(seconds = 1) @DefaultValue("180d") Duration messageStatus,
        @NotNull @DurationMin(seconds = 1) @DefaultValue("180d") Duration campaignResult,
        @NotNull @DurationMin(seconds = 1) @DefaultValue("24h") Duration vobizRetryWindow,
        @DefaultValue("false") boolean vacuum) {
}
