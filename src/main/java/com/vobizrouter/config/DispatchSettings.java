package com.vobizrouter.config;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.convert.DurationUnit;
import org.springframework.validation.annotation.Validated;

/**
 * {@code router.dispatch.*}: how accepted events leave the inbox (concurrency, claims, leases)
 * and the retry policy. That {@code max-backoff} is at least {@code initial-backoff} is checked
 * by {@link SettingsValidator}.
 *
 * @param maxAttempts attempts per event before a transient failure becomes a dead letter
 * @param initialBackoff wait before the first retry; doubles each attempt
 * @param maxBackoff longest wait between two attempts
 * @param concurrency events in delivery at the same time on this instance
 * @param batchSize most inbox rows claimed at once
 * @param pollInterval pause between inbox polls when it is empty, written like 250ms; a bare number is
 *     milliseconds (Camel's timer reads the same key and takes both forms)
 * @param lease how long a claimed event stays reserved for this instance without a renewal: after
 *     a crash, how long its events wait before another instance (or the restarted one) takes them
 * @param leaseRenewal how often the leases of events still in delivery are renewed; shorter than
 *     {@code lease} (checked by {@link SettingsValidator})
 * @param parkedRecheck how often events of a parked sink are looked at again
 * @param instanceId this instance's name in its leases; empty: the host name and the webhook port.
 *     A router that starts under the name of one that died (the same one restarted) takes that
 *     one's events back at once instead of after the lease. Two running instances never share one.
 */
@Validated
@ConfigurationProperties("router.dispatch")
public record DispatchSettings(
        @Min(value = 1, message = "must be at least 1") @DefaultValue("12") int maxAttempts,
        @AtLeast("1ms") @DefaultValue("1s") Duration initialBackoff,
        @NotNull(message = "must be at least router.dispatch.initial-backoff") @DefaultValue("5m") Duration maxBackoff,
        @Min(value = 1, message = "must be at least 1") @DefaultValue("200") int concurrency,
        @Min(value = 1, message = "must be at least 1") @DefaultValue("100") int batchSize,
        @AtLeast("1ms") @DurationUnit(ChronoUnit.MILLIS) @DefaultValue("250ms") Duration pollInterval,
        @AtLeast("1s") @DefaultValue("30s") Duration lease,
        @AtLeast("100ms") @DefaultValue("10s") Duration leaseRenewal,
        @AtLeast("1s") @DefaultValue("30s") Duration parkedRecheck,
        @NotNull(message = "must be at most 64 letters, digits, '.', '_', ':' or '-'")
        @Pattern(regexp = "[A-Za-z0-9._:-]{0,64}", message = "must be at most 64 letters, digits, '.', '_', ':' or '-'")
        @DefaultValue("") String instanceId) {
}
