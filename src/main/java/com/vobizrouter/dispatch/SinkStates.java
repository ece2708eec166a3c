package com.vobizrouter.dispatch;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The last known state of each sink as this instance saw it: up after a success, parked when it
 * has no credentials, paused while its API budget is spent or it asked for a pause, failing with
 * the last error. Read by the health endpoint.
 */
public class SinkStates {

    public enum State { UP, PARKED, PAUSED, FAILING }

    public record SinkState(State state, String detail, Instant since) {
    }

    private final Map<String, SinkState> states = new ConcurrentHashMap<>();
    private final Clock clock;

    public SinkStates(Clock clock) {
        this.clock = clock;
    }

    public void up(String sink) {
        set(sink, State.UP, null);
    }

    public void parked(String sink, String detail) {
        set(sink, State.PARKED, detail);
    }

    /** Waiting for its API budget, or paused after it said "too many requests". */
    public void paused(String sink, String detail) {
        set(sink, State.PAUSED, detail);
    }

    public void failing(String sink, String detail) {
        set(sink, State.FAILING, detail);
    }

    private void set(String sink, State state, String detail) {
        states.compute(sink, (name, old) -> old != null && old.state() == state && java.util.Objects.equals(old.detail(), detail)
                ? old : new SinkState(state, detail, clock.instant()));
    }

    public Map<String, SinkState> snapshot() {
        return new TreeMap<>(states);
    }
}
