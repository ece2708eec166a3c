package com.vobizrouter.config;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.vobizrouter.admin.SinkView;
import com.vobizrouter.dispatch.SinkBudgets;
import com.vobizrouter.sink.SinkApiCalls;
import com.vobizrouter.sink.SinkHealthIndicator;

/**
 * Salesforce and Zendesk for the admin API: the state health shows (parked without credentials,
 * else this instance's last known state, up when it has not delivered yet), replaced by
 * {@code paused} while the sink is paused on every instance ({@link SinkBudgets}), with the
 * limit and this instance's calls a minute ({@link SinkApiCalls}).
 */
class SinkOverview implements SinkView {

    private static final List<String> SINKS = List.of("salesforce", "zendesk");

    private final SinkHealthIndicator health;
    private final SinkBudgets budgets;
    private final SinkApiCalls calls;

    SinkOverview(SinkHealthIndicator health, SinkBudgets budgets, SinkApiCalls calls) {
        this.health = health;
        this.budgets = budgets;
        this.calls = calls;
    }

    @Override
    public List<String> sinks() {
        return SINKS;
    }

    @Override
    public Map<String, Object> describe(String sink, int minutes, Instant at) {
        Map<String, Object> described = new LinkedHashMap<>(health.describe(sink));
        SinkBudgets.Pause pause = budgets.pause(sink, at);
        if (pause.until().isAfter(at)) {
            described.put("state", "paused");
            described.put("detail", pause.reason());
            described.remove("since");
            described.put("paused_until", pause.until().toString());
            described.put("pause_reason", pause.reason());
        }
        described.put("limit_per_minute", budgets.limit(sink));
        described.put("calls_per_minute", calls.callsPerMinute(sink, minutes, at));
        return described;
    }
}
