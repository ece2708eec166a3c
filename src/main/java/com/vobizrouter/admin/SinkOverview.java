package com.vobizrouter.admin;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * Salesforce and Zendesk for the admin API: the state health shows (parked without credentials,
 * else this instance's last known state, up when it has not delivered yet), replaced by
 * {@code paused} while the sink is paused on every instance, with the limit and this instance's
 * calls a minute. The facts come from the dispatch and sink packages, which the admin package does
 * not know: the wiring hands them in as functions.
 */
public final class SinkOverview implements SinkView {

    /** A pause of every instance's calls to a sink: none when {@code until} is not after now. */
    public record Pause(Instant until, String reason) {
    }

    /** This instance's calls to a sink in each of the last {@code minutes} minutes up to {@code at}. */
    @FunctionalInterface
    public interface CallsPerMinute {
        int[] of(String sink, int minutes, Instant at);
    }

    private final List<String> sinks;
    private final Function<String, Map<String, Object>> health;
    private final BiFunction<String, Instant, Pause> pauses;
    private final ToIntFunction<String> limits;
    private final CallsPerMinute calls;

    /**
     * @param health what health shows of a sink ({@code state}, {@code detail}, {@code since})
     * @param pauses the pause of a sink at an instant
     * @param limits the calls a minute a sink may take (0: no limit)
     */
    public SinkOverview(List<String> sinks, Function<String, Map<String, Object>> health, BiFunction<String, Instant, Pause> pauses,
            ToIntFunction<String> limits, CallsPerMinute calls) {
        this.sinks = List.copyOf(sinks);
        this.health = health;
        this.pauses = pauses;
        this.limits = limits;
        this.calls = calls;
    }

    @Override
    public List<String> sinks() {
        return sinks;
    }

    @Override
    public Map<String, Object> describe(String sink, int minutes, Instant at) {
        Map<String, Object> described = new LinkedHashMap<>(health.apply(sink));
        Pause pause = pauses.apply(sink, at);
        if (pause.until().isAfter(at)) {
            described.put("state", "paused");
            described.put("detail", pause.reason());
            described.remove("since");
            described.put("paused_until", pause.until().toString());
            described.put("pause_reason", pause.reason());
        }
        described.put("limit_per_minute", limits.applyAsInt(sink));
        described.put("calls_per_minute", calls.of(sink, minutes, at));
        return described;
    }
}
