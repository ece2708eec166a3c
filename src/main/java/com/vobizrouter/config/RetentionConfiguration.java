package com.vobizrouter.config;

import java.time.Clock;
import java.time.Duration;

import javax.sql.DataSource;

import com.vobizrouter.inbox.Retention;
import com.vobizrouter.inbox.RetentionCutoff;
import com.vobizrouter.inbox.SqlDialect;
import com.vobizrouter.inbox.TableSizes;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.util.TimeUtils;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The bean the housekeeping routes purge with ({@code retention}) and the {@code tables} health
 * component, from {@link RetentionSettings}. Start-up stops with one line naming the key when
 * idempotency keys would be forgotten while Vobiz may still send the event again, or before the
 * inbox rows they protect, or when a purge interval is written in a form the scheduler misreads.
 */
@Configuration(proxyBeanMethods = false)
public class RetentionConfiguration {

    /** How long a table-size reading is reused. */
    private static final Duration TABLE_SIZES_REFRESH = Duration.ofSeconds(30);

    @Bean
    Retention retention(DataSource dataSource, SqlDialect dialect, PlatformTransactionManager transactionManager, Clock clock,
            MeterRegistry meters, CamelContext camel, Environment environment, RetentionSettings retention, @Qualifier("dedupRetention") RetentionCutoff dedupRetention,
            @Qualifier("rejectionRetention") RetentionCutoff rejectionRetention) {
        check(retention, dedupRetention.retention(), environment);
        Retention.Periods periods = new Retention.Periods(new RetentionCutoff(retention.inbox(), clock),
                new RetentionCutoff(retention.deadLetters(), clock), dedupRetention, new RetentionCutoff(retention.vobizEvent(), clock),
                new RetentionCutoff(retention.messageStatus(), clock), new RetentionCutoff(retention.campaignResult(), clock),
                rejectionRetention);
        // A purge still running when the router stops ends after its current batch.
        return new Retention(dataSource, transactionManager, dialect, periods, retention.batchSize(), retention.vacuum(),
                () -> camel.isStarted(), meters);
    }

    @Bean
    TableSizes tablesHealthIndicator(DataSource dataSource, SqlDialect dialect, Clock clock) {
        return new TableSizes(dataSource, dialect, clock, TABLE_SIZES_REFRESH);
    }

    /** Throws {@link InvalidSettingException} naming the first setting that cannot work. */
    static void check(RetentionSettings retention, Duration dedup, Environment environment) {
        if (dedup.compareTo(retention.vobizRetryWindow()) < 0) {
            throw new InvalidSettingException("router.dedup.retention", readable(dedup)
                    + " is shorter than router.retention.vobiz-retry-window (" + readable(retention.vobizRetryWindow())
                    + "): an event Vobiz sends again would be taken for a new one");
        }
        if (dedup.compareTo(retention.inbox()) < 0) {
            throw new InvalidSettingException("router.dedup.retention", readable(dedup) + " is shorter than router.retention.inbox ("
                    + readable(retention.inbox()) + "): an idempotency key must be kept as long as the inbox row it protects");
        }
        schedulerReads(environment, "router.retention.purge-interval", retention.purgeInterval());
        schedulerReads(environment, "router.retention.initial-delay", retention.initialDelay());
    }

    /** Camel's scheduler reads 10m, 30s or 1h but takes an ISO-8601 PT10M for 0 ms, which would purge without pause. */
    private static void schedulerReads(Environment environment, String key, Duration bound) {
        String written = environment.getProperty(key);
        if (written != null && TimeUtils.toMilliSeconds(written.trim()) != bound.toMillis()) {
            throw new InvalidSettingException(key, "'" + written + "' is not read the same by the scheduler; write it like 10m, 30s or 1h");
        }
    }

    /** 7d, 24h, 10m or 30s: the form the settings are written in. */
    static String readable(Duration duration) {
        long seconds = duration.getSeconds();
        if (duration.getNano() != 0) {
            return duration.toString();
        }
        if (seconds % 86_400 == 0 && seconds >= 2 * 86_400) {
            return seconds / 86_400 + "d";
        }
        if (seconds % 3600 == 0 && seconds > 0) {
            return seconds / 3600 + "h";
        }
        return seconds % 60 == 0 && seconds > 0 ? seconds / 60 + "m" : seconds + "s";
    }
}
