package com.vobizrouter.sink.salesforce;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.vobizrouter.dispatch.SinkBudgets;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The router's share of the Salesforce org's daily API allowance, which every integration of the
 * company draws on. Salesforce reports the org's usage on every answer ({@code Sforce-Limit-Info:
 * api-usage=<used>/<limit>}); the router shows both as gauges ({@code vobiz_salesforce_api_usage},
 * {@code vobiz_salesforce_api_limit}) and, once the usage reaches its share of the limit
 * ({@code router.sinks.salesforce.daily-share} percent), pauses the Salesforce sink on every
 * instance for {@link #RECHECK}: the next call after the pause reads the usage again and pauses
 * again while it is still above the share (the allowance is a rolling 24 hours). Contact updates
 * wait in the inbox meanwhile, without spending attempts; health shows {@code paused: api budget}
 * with the figures.
 */
public class SalesforceDailyBudget {

    /** How long the sink pauses before one call looks at the usage again. */
    public static final Duration RECHECK = Duration.ofMinutes(15);

    private static final Pattern API_USAGE = Pattern.compile("(?:^|[,\\s])api-usage=(\\d+)/(\\d+)");

    private final SinkBudgets budgets;
    private final int sharePercent;
    private final AtomicLong used = new AtomicLong(-1);
    private final AtomicLong limit = new AtomicLong(-1);

    public SalesforceDailyBudget(SinkBudgets budgets, int sharePercent, MeterRegistry meters) {
        this.budgets = budgets;
        this.sharePercent = sharePercent;
        Gauge.builder("vobiz.salesforce.api.usage", used, AtomicLong::get)
                .description("API requests the Salesforce org used in the last 24 hours, as its last answer said").register(meters);
        Gauge.builder("vobiz.salesforce.api.limit", limit, AtomicLong::get)
                .description("the Salesforce org's API requests allowed per 24 hours, as its last answer said").register(meters);
    }

    /** Reads a {@code Sforce-Limit-Info} header; true when the sink was paused because of it. */
    public boolean observe(String limitInfo) {
        if (limitInfo == null) {
            return false;
        }
        Matcher usage = API_USAGE.matcher(limitInfo);
        if (!usage.find()) {
            return false;
        }
        long usedNow = Long.parseLong(usage.group(1));
        long limitNow = Long.parseLong(usage.group(2));
        used.set(usedNow);
        limit.set(limitNow);
        if (limitNow > 0 && usedNow * 100 >= limitNow * sharePercent) {
            budgets.pause("salesforce", RECHECK, "api budget: " + usedNow + " of " + limitNow + " daily requests used, this router's share is "
                    + sharePercent + " %");
            return true;
        }
        return false;
    }
}
