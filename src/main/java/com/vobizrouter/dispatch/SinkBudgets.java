package com.vobizrouter.dispatch;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import javax.sql.DataSource;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The API budget of each business system, shared by every instance through the database (table
 * {@code sink_budget}, bean {@code sinkBudgets}). A sink route calls {@link #take(String)} before
 * each API call.
 *
 * <p>Rate: a sink with a limit of {@code n} requests a minute has a token bucket holding at most
 * {@code b} tokens (a tenth of {@code n}, at least 1 and at most 20), refilled at {@code n - b} a
 * minute, so that no window of 60 s, on any number of instances, ever sees more than {@code n}
 * calls, while a delivery that needs two calls in a row (the requester, then the ticket) usually
 * finds both; one atomic {@code UPDATE} takes a token. Pause:
 * when the system answers "too many requests" (or its daily allowance is used up), {@link #pause}
 * stops the sink on every instance until the time it asked for. Either way the event waits
 * ({@link SinkPausedException}) without spending an attempt, and a wait costs no API call.
 *
 * <p>Each instance reads a sink's pause at most once a second (pauses are seconds to hours long,
 * and one lifted early, by hand, is seen within a second); a budget that ran dry is remembered
 * here for that second too, so events queued behind it do not each ask the database.
 */
public class SinkBudgets {

    /** How long a pause read from the database is trusted. */
    private static final Duration PAUSE_READ_EVERY = Duration.ofSeconds(1);

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final Map<String, Integer> perMinute;
    private final MeterRegistry meters;
    private final Set<String> rows = ConcurrentHashMap.newKeySet();
    private final Map<String, Pause> pauses = new ConcurrentHashMap<>();

    /** A sink's pause as last read: until when, why, and when it was read. */
    public record Pause(Instant until, String reason, Instant readAt) {
    }

    /** @param perMinute each sink's limit in requests a minute; absent or 0: no limit */
    public SinkBudgets(DataSource dataSource, Clock clock, Map<String, Integer> perMinute, MeterRegistry meters) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.clock = clock;
        this.perMinute = Map.copyOf(perMinute);
        this.meters = meters;
    }

    /** The limit of a sink in requests a minute, 0 for none. */
    public int limit(String sink) {
        return perMinute.getOrDefault(sink, 0);
    }

    /** Tokens a sink's bucket holds at most: calls it may make at once after a quiet spell. */
    static int burst(int limit) {
        return Math.max(1, Math.min(20, limit / 10));
    }

    /** Spends one API call of the sink's budget, or throws {@link SinkPausedException} saying until when to wait. */
    public void take(String sink) {
        take(sink, 1);
    }

    /**
     * Spends {@code calls} API calls of the sink's budget at once, or none: for a delivery whose
     * first call is only worth making if the second can follow (a look, then the change it decides).
     * Taken one by one, such deliveries could each spend the single token there is on their first
     * call and all wait for the second, forever. A bucket smaller than {@code calls} gives what it holds.
     */
    public void take(String sink, int calls) {
        if (calls < 1) {
            throw new IllegalArgumentException("calls must be at least 1: " + calls);
        }
        Instant now = clock.instant();
        Pause pause = pause(sink, now);
        if (pause.until().isAfter(now)) {
            meters.counter("vobiz.sink.budget.waits", "sink", sink, "reason", "paused").increment();
            throw new SinkPausedException(sink + " is paused until " + pause.until() + ": " + pause.reason(), pause.until());
        }
        int limit = limit(sink);
        if (limit <= 0) {
            return;
        }
        ensureRow(sink, now);
        int burst = burst(limit);
        int wanted = Math.min(calls, burst);
        double perMilli = Math.max(1, limit - burst) / 60_000.0;
        long millis = now.toEpochMilli();
        // Typed parameters: H2 would otherwise take the rate for a BIGINT like refilled_at, and round it to 0.
        String refilled = "LEAST(CAST(? AS DOUBLE PRECISION), tokens + GREATEST(0, CAST(? AS BIGINT) - refilled_at) "
                + "* CAST(? AS DOUBLE PRECISION))";
        int taken = jdbc.update("UPDATE sink_budget SET tokens = " + refilled + " - ?, refilled_at = GREATEST(refilled_at, CAST(? AS BIGINT)) "
                + "WHERE sink = ? AND " + refilled + " >= ?",
                burst, millis, perMilli, wanted, millis, sink, burst, millis, perMilli, wanted);
        if (taken == 0) {
            // The tokens wanted are at most that many refill intervals away; until then nobody here asks again.
            Instant next = now.plusMillis((long) Math.ceil(wanted / perMilli));
            pauses.put(sink, new Pause(next, "api budget: " + limit + " requests a minute", now));
            meters.counter("vobiz.sink.budget.waits", "sink", sink, "reason", "budget").increment();
            throw new SinkPausedException(sink + " has used its budget of " + limit + " requests a minute; next at " + next, next);
        }
    }

    /**
     * Pauses the sink on every instance for {@code length} from now (a pause already running
     * longer is kept), because the system asked so ({@code Retry-After}) or its allowance is used up.
     */
    public void pause(String sink, Duration length, String reason) {
        Instant now = clock.instant();
        Instant until = now.plus(length);
        ensureRow(sink, now);
        jdbc.update("UPDATE sink_budget SET paused_until = GREATEST(paused_until, ?), pause_reason = ? WHERE sink = ?",
                until.toEpochMilli(), reason.length() > 255 ? reason.substring(0, 255) : reason, sink);
        pauses.remove(sink);
    }

    /** The sink's pause as every instance sees it: until when (in the past when it is not paused) and why. */
    public Pause pause(String sink, Instant now) {
        Pause known = pauses.get(sink);
        if (known != null && known.readAt().plus(PAUSE_READ_EVERY).isAfter(now)) {
            return known;
        }
        List<Pause> read = jdbc.query("SELECT paused_until, pause_reason FROM sink_budget WHERE sink = ?",
                (rs, row) -> new Pause(Instant.ofEpochMilli(rs.getLong(1)), rs.getString(2), now), sink);
        Pause pause = read.isEmpty() ? new Pause(Instant.EPOCH, null, now) : read.get(0);
        pauses.put(sink, pause);
        return pause;
    }

    private void ensureRow(String sink, Instant now) {
        if (rows.contains(sink)) {
            return;
        }
        if (jdbc.queryForObject("SELECT COUNT(*) FROM sink_budget WHERE sink = ?", Integer.class, sink) == 0) {
            try {
                jdbc.update("INSERT INTO sink_budget (sink, tokens, refilled_at, paused_until) VALUES (?, 1, ?, 0)", sink,
                        now.toEpochMilli());
            } catch (DuplicateKeyException createdMeanwhile) {
                // Another instance made the row first: the same row serves both.
            }
        }
        rows.add(sink);
    }
}
