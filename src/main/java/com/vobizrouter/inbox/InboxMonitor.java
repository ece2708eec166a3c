package com.vobizrouter.inbox;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

import javax.sql.DataSource;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The inbox backlog (events waiting for dispatch, and the age of the oldest), for the
 * {@code inbox} health component and the {@code vobiz_inbox_backlog} /
 * {@code vobiz_inbox_oldest_age_seconds} gauges. The count is read at most every few seconds,
 * however often health and metrics are scraped. A backlog past the configured size or age makes
 * readiness DEGRADED (still HTTP 200: intake works, delivery is behind).
 */
public class InboxMonitor extends AbstractHealthIndicator {

    public static final Status DEGRADED = new Status("DEGRADED", "the inbox backlog is larger or older than allowed");
    private static final Duration REFRESH = Duration.ofSeconds(2);

    private record Backlog(long size, Instant oldest, Instant readAt) {
    }

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final int maxSize;
    private final Duration maxAge;
    private final AtomicReference<Backlog> last = new AtomicReference<>();

    public InboxMonitor(DataSource dataSource, Clock clock, int maxSize, Duration maxAge, MeterRegistry meters) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.clock = clock;
        this.maxSize = maxSize;
        this.maxAge = maxAge;
        Gauge.builder("vobiz.inbox.backlog", this, monitor -> monitor.backlogOrNaN(false))
                .description("events waiting in the inbox for dispatch").register(meters);
        Gauge.builder("vobiz.inbox.oldest.age.seconds", this, monitor -> monitor.backlogOrNaN(true))
                .description("age of the oldest event waiting for dispatch").register(meters);
    }

    private double backlogOrNaN(boolean age) {
        try {
            Backlog backlog = backlog();
            if (!age) {
                return backlog.size();
            }
            return backlog.oldest() == null ? 0 : Duration.between(backlog.oldest(), clock.instant()).toMillis() / 1000.0;
        } catch (RuntimeException databaseDown) {
            return Double.NaN;
        }
    }

    private Backlog backlog() {
        Backlog cached = last.get();
        Instant now = clock.instant();
        if (cached != null && cached.readAt().plus(REFRESH).isAfter(now)) {
            return cached;
        }
        Backlog fresh = jdbc.queryForObject(InboxSql.BACKLOG, (rs, row) -> {
            Timestamp oldest = rs.getTimestamp(2);
            return new Backlog(rs.getLong(1), oldest == null ? null : oldest.toInstant(), now);
        });
        last.set(fresh);
        return fresh;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        Backlog backlog = backlog();
        Duration age = backlog.oldest() == null ? Duration.ZERO : Duration.between(backlog.oldest(), clock.instant());
        boolean degraded = backlog.size() > maxSize || age.compareTo(maxAge) > 0;
        builder.status(degraded ? DEGRADED : Status.UP)
                .withDetail("waiting", backlog.size())
                .withDetail("oldestAgeSeconds", age.toSeconds())
                .withDetail("maxSize", maxSize)
                .withDetail("maxAgeSeconds", maxAge.toSeconds());
    }
}
