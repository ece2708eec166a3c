package com.vobizrouter.inbox;

import static com.vobizrouter.inbox.Text.truncate;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.RowMapper;

import org.springframework.transaction.support.TransactionTemplate;

/**
 * The inbox as a work queue shared by every router instance.
 *
 * <p>A claim leases due PENDING rows to one dispatcher: it stamps them with a fresh token and a
 * lease end, and only rows whose previous lease has ended can be taken. On PostgreSQL the rows
 * are picked with {@code FOR UPDATE SKIP LOCKED}, so instances claiming at the same moment take
 * different rows instead of waiting for each other, and picked once, so a claim never takes more
 * than it asked for; the lease condition is repeated in the outer UPDATE so a row can never be
 * leased twice. Outcomes are written only while the lease token
 * still matches: a dispatcher that stalled past its lease cannot overwrite the work of the
 * instance that took the row over. A dispatcher that dies simply lets its leases run out, and the
 * rows are delivered again (sinks are idempotent). The statements are {@link InboxSql}'s.
 */
public class InboxStore {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final String claimSql;
    private final boolean returning;
    private final String tokenPrefix;

    /**
     * @param instance this instance's name, the start of every claim token it writes (so that its
     *                 next life can take back what it held: {@link #takeBackLeasesOf}); null for none
     */
    public InboxStore(DataSource dataSource, TransactionTemplate transaction, Clock clock, SqlDialect dialect, String instance) {
        this.tokenPrefix = instance == null ? "" : instance + "/";
        this.jdbc = new JdbcTemplate(dataSource);
        this.transaction = transaction;
        this.clock = clock;
        this.claimSql = InboxSql.claim(dialect);
        this.returning = dialect.isPostgresql();
    }

    /** Leases up to {@code limit} due events for {@code lease}; returns them oldest first. */
    public List<InboxEvent> claim(int limit, Duration lease) {
        if (limit <= 0) {
            return List.of();
        }
        String token = tokenPrefix + UUID.randomUUID();
        Timestamp now = Timestamp.from(clock.instant());
        Timestamp until = Timestamp.from(clock.instant().plus(lease));
        RowMapper<Claimed> claimed = (rs, row) -> new Claimed(new InboxEvent(rs.getLong("id"), rs.getString("event_id"),
                rs.getString("event_type"), rs.getString("channel_id"), rs.getString("event_timestamp"),
                rs.getTimestamp("received_at").toInstant(), rs.getInt("attempts"), rs.getString("payload"), token,
                rs.getString("source"), rs.getString("normalised"), rs.getString("destinations"), rs.getString("trace_parent")),
                rs.getTimestamp("next_attempt_at"));
        if (returning) {
            List<Claimed> rows = transaction.execute(status -> jdbc.query(claimSql, claimed, token, until, now, now, now, now, limit));
            return rows.stream().sorted(Comparator.comparing(Claimed::due).thenComparing(c -> c.event().id()))
                    .map(Claimed::event).toList();
        }
        int count = transaction.execute(status -> jdbc.update(claimSql, token, until, now, now, now, now, limit));
        if (count == 0) {
            return List.of();
        }
        return jdbc.query(InboxSql.CLAIMED_BY_TOKEN, claimed, token)
                .stream().map(Claimed::event).toList();
    }

    private record Claimed(InboxEvent event, Timestamp due) {
    }

    /**
     * Makes the events leased by an earlier life of this instance (claim tokens starting with
     * {@code instance/}) due again at once. Called at start-up, before anything is claimed: the
     * process that held them is gone, since this one now runs under its name. Returns how many.
     */
    public int takeBackLeasesOf(String instance) {
        return jdbc.update(InboxSql.TAKE_BACK_LEASES, likePrefix(instance));
    }

    /** A LIKE pattern matching every text that starts with {@code instance/}. */
    public static String likePrefix(String instance) {
        return instance.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "/%";
    }

    /**
     * Extends the leases of these events, still in delivery here, to {@code lease} from now; an
     * event whose lease was lost meanwhile (taken over after a stall) is left alone. Returns how
     * many leases were renewed.
     */
    public int renew(Collection<InboxEvent> events, Duration lease) {
        if (events.isEmpty()) {
            return 0;
        }
        Timestamp until = Timestamp.from(clock.instant().plus(lease));
        List<InboxEvent> inIdOrder = inIdOrder(events);
        int[][] counts = transaction.execute(status -> jdbc.batchUpdate(InboxSql.RENEW_LEASE, inIdOrder, events.size(),
                (statement, event) -> {
                    statement.setTimestamp(1, until);
                    statement.setLong(2, event.id());
                    statement.setString(3, event.claimToken());
                }));
        return Arrays.stream(counts).flatMapToInt(Arrays::stream).map(n -> n > 0 ? 1 : 0).sum();
    }

    /** Gives these leases back unused (on shutdown): the events are due again at once, for any instance. */
    public void release(Collection<InboxEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        transaction.executeWithoutResult(status -> jdbc.batchUpdate(InboxSql.RELEASE_LEASE, inIdOrder(events), events.size(),
                (statement, event) -> {
                    statement.setLong(1, event.id());
                    statement.setString(2, event.claimToken());
                }));
    }

    /** Every destination took the event (its {@link InboxEvent#destinations()} are kept with it). */
    public boolean markDone(InboxEvent event) {
        return markDone(List.of(event))[0];
    }

    /**
     * Every sink took these events: marked DONE in one transaction (one JDBC batch, one commit).
     * Element i says whether event i was still leased to us.
     */
    public boolean[] markDone(List<InboxEvent> events) {
        Timestamp now = Timestamp.from(clock.instant());
        Integer[] order = new Integer[events.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingLong(i -> events.get(i).id()));
        int[][] counts = transaction.execute(status -> jdbc.batchUpdate(InboxSql.MARK_DONE, Arrays.asList(order), order.length,
                (statement, i) -> {
                    statement.setTimestamp(1, now);
                    statement.setString(2, events.get(i).destinations());
                    statement.setLong(3, events.get(i).id());
                    statement.setString(4, events.get(i).claimToken());
                }));
        boolean[] marked = new boolean[events.size()];
        for (int n = 0; n < order.length; n++) {
            marked[order[n]] = counts[0][n] == 1;
        }
        return marked;
    }

    /**
     * The events in id order. Statements that update many inbox rows in one transaction (done
     * marks, lease renewals, releases) take their row locks in this one order, so two of them on
     * the same rows wait for each other instead of deadlocking (PostgreSQL would fail one after
     * its {@code deadlock_timeout}, a second during which the other's waiters wait too).
     */
    private static List<InboxEvent> inIdOrder(Collection<InboxEvent> events) {
        return events.stream().sorted(Comparator.comparingLong(InboxEvent::id)).toList();
    }

    /**
     * Try again at {@code when}; {@code countsAsAttempt} is false for a parked sink, which is not a
     * failure. A failed attempt, when given, is recorded in the same transaction, and only while the
     * lease is still ours.
     */
    public boolean reschedule(InboxEvent event, Instant when, boolean countsAsAttempt, String error, FailedAttempt attempt) {
        Boolean done = transaction.execute(status -> {
            int updated = jdbc.update(InboxSql.RESCHEDULE, countsAsAttempt ? 1 : 0, Timestamp.from(when), truncate(error, 4000),
                    event.id(), event.claimToken());
            if (updated == 1 && attempt != null) {
                record(event, attempt);
            }
            return updated == 1;
        });
        return Boolean.TRUE.equals(done);
    }

    /** A failed delivery attempt, for the admin API's history of the event. */
    public record FailedAttempt(int attempt, String sink, String outcome, String reason) {
    }

    /** Gives up on the event: the failed attempt, a dead letter row with the reason, and the inbox row DEAD, together. */
    public boolean markDead(InboxEvent event, String sink, String reason, String sinkResponse, FailedAttempt attempt) {
        Boolean done = transaction.execute(status -> {
            int updated = jdbc.update(InboxSql.MARK_DEAD, truncate(reason, 4000), event.id(), event.claimToken());
            if (updated != 1) {
                return false;
            }
            record(event, attempt);
            jdbc.update(InboxSql.INSERT_DEAD_LETTER, event.eventId(), event.eventType(), sink, truncate(reason, 4000), sinkResponse,
                    event.attempts() + 1, Timestamp.from(clock.instant()));
            return true;
        });
        return Boolean.TRUE.equals(done);
    }

    /**
     * The deliveries of these events (those whose destinations were decided and that have rows),
     * by inbox id, in one statement: read with the claim, so that a dispatch of an event that
     * waited needs no read of its own.
     */
    public Map<Long, List<DeliveryRow>> deliveries(Collection<InboxEvent> events) {
        List<Long> ids = events.stream().filter(e -> e.destinations() != null && !e.destinations().isEmpty()).map(InboxEvent::id).toList();
        if (ids.isEmpty()) {
            return Map.of();
        }
        Map<Long, List<DeliveryRow>> rows = new HashMap<>();
        RowCallbackHandler add = rs -> rows.computeIfAbsent(rs.getLong("inbox_id"), id -> new ArrayList<>()).add(new DeliveryRow(
                rs.getString("destination"), rs.getString("status"), rs.getInt("attempts"), instant(rs.getTimestamp("next_attempt_at")),
                rs.getString("last_error")));
        if (returning) {
            jdbc.query(InboxSql.DELIVERIES_OF_MANY_POSTGRES, statement -> statement.setArray(1,
                    statement.getConnection().createArrayOf("bigint", ids.toArray())), add);
        } else {
            jdbc.query(InboxSql.deliveriesOfMany(ids.size()), add, ids.toArray());
        }
        return rows;
    }

    /** The deliveries of an event whose destinations were decided, as table {@code delivery} keeps them. */
    public List<DeliveryRow> deliveries(InboxEvent event) {
        return jdbc.query(InboxSql.DELIVERIES, (rs, row) -> new DeliveryRow(rs.getString("destination"), rs.getString("status"),
                rs.getInt("attempts"), instant(rs.getTimestamp("next_attempt_at")), rs.getString("last_error")), event.id());
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    /** A dead letter of one delivery. */
    public record DeadLetter(String destination, String reason, String sinkResponse, int attempts) {
    }

    /** What one dispatch of an event did to its deliveries: the rows that changed, failed attempts, dead letters. */
    public record Settlement(InboxEvent event, List<DeliveryRow> changed, List<FailedAttempt> attempts, List<DeadLetter> deadLetters) {
    }

    /** One settlement ({@link #settle(List)}). */
    public String settle(InboxEvent event, List<DeliveryRow> changed, List<FailedAttempt> attempts, List<DeadLetter> deadLetters) {
        return settle(List.of(new Settlement(event, changed, attempts, deadLetters)))[0];
    }

    /**
     * Writes what dispatches did to their events' deliveries, in one transaction (the events in id
     * order, as every statement that updates several inbox rows takes its locks), each only while
     * its lease is ours: the event's destinations, the deliveries that changed (or all of them on
     * the first dispatch that needs rows), their failed attempts and dead letters; then the event's
     * own state from all its deliveries as the table holds them (a dead letter replayed meanwhile
     * counts): PENDING while one is, due when the earliest is; DEAD when all ended and one died;
     * else DONE. Element i is that status for settlement i, or null when its lease was lost.
     */
    public String[] settle(List<Settlement> settlements) {
        Timestamp now = Timestamp.from(clock.instant());
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < settlements.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparingLong(i -> settlements.get(i).event().id()));
        String[] statuses = new String[settlements.size()];
        // Each step is one JDBC batch over every settlement, so a batch of many events costs a
        // few round trips, not a few per event.
        transaction.executeWithoutResult(status -> {
            int[] begun = counts(jdbc.batchUpdate(InboxSql.SETTLE_BEGIN, order.stream().map(i -> {
                InboxEvent event = settlements.get(i).event();
                return new Object[] {event.destinations(), event.id(), event.claimToken()};
            }).toList()));
            List<Settlement> live = new ArrayList<>();
            List<Integer> liveIndex = new ArrayList<>();
            for (int n = 0; n < order.size(); n++) {
                if (begun[n] == 1) {
                    live.add(settlements.get(order.get(n)));
                    liveIndex.add(order.get(n));
                }
            }
            if (live.isEmpty()) {
                return;
            }
            List<Object[]> rows = new ArrayList<>();
            for (Settlement settlement : live) {
                for (DeliveryRow row : settlement.changed()) {
                    rows.add(new Object[] {row.status(), row.attempts(), row.nextAttemptAt() == null ? null : Timestamp.from(row.nextAttemptAt()),
                        truncate(row.lastError(), 4000), now, settlement.event().id(), row.destination()});
                }
            }
            if (!rows.isEmpty()) {
                int[] updated = counts(jdbc.batchUpdate(InboxSql.UPDATE_DELIVERY, rows));
                List<Object[]> inserts = new ArrayList<>();
                for (int n = 0; n < updated.length; n++) {
                    if (updated[n] == 0) {
                        inserts.add(rows.get(n));
                    }
                }
                if (!inserts.isEmpty()) {
                    jdbc.batchUpdate(InboxSql.INSERT_DELIVERY, inserts);
                }
            }
            List<Object[]> attempts = new ArrayList<>();
            List<Object[]> deadLetters = new ArrayList<>();
            for (Settlement settlement : live) {
                InboxEvent event = settlement.event();
                settlement.attempts().forEach(attempt -> attempts.add(new Object[] {event.eventId(), attempt.attempt(), attempt.sink(),
                    attempt.outcome(), truncate(attempt.reason(), 4000), now}));
                settlement.deadLetters().forEach(dead -> deadLetters.add(new Object[] {event.eventId(), event.eventType(), dead.destination(),
                    truncate(dead.reason(), 4000), dead.sinkResponse(), dead.attempts(), now}));
            }
            if (!attempts.isEmpty()) {
                jdbc.batchUpdate(InboxSql.INSERT_ATTEMPT, attempts);
            }
            if (!deadLetters.isEmpty()) {
                jdbc.batchUpdate(InboxSql.INSERT_DEAD_LETTER, deadLetters);
            }
            Map<Long, List<DeliveryRow>> all = deliveries(live.stream().map(Settlement::event).toList());
            List<Object[]> open = new ArrayList<>();
            List<Object[]> done = new ArrayList<>();
            for (int n = 0; n < live.size(); n++) {
                InboxEvent event = live.get(n).event();
                List<DeliveryRow> its = all.getOrDefault(event.id(), List.of());
                int mostAttempts = its.stream().mapToInt(DeliveryRow::attempts).max().orElse(0);
                DeliveryRow due = its.stream().filter(row -> DeliveryRow.PENDING.equals(row.status()))
                        .min(Comparator.comparing(row -> row.nextAttemptAt() == null ? Instant.MIN : row.nextAttemptAt())).orElse(null);
                String outcome = due != null ? DeliveryRow.PENDING
                        : its.stream().anyMatch(row -> DeliveryRow.DEAD.equals(row.status())) ? DeliveryRow.DEAD : DeliveryRow.DONE;
                statuses[liveIndex.get(n)] = outcome;
                if (outcome.equals(DeliveryRow.DONE)) {
                    done.add(new Object[] {mostAttempts, now, event.id(), event.claimToken()});
                } else {
                    open.add(new Object[] {outcome, mostAttempts, due == null ? null : due.nextAttemptAt() == null ? now
                        : Timestamp.from(due.nextAttemptAt()), truncate(lastError(its), 4000), event.id(), event.claimToken()});
                }
            }
            if (!open.isEmpty()) {
                jdbc.batchUpdate(InboxSql.SETTLE_OPEN, open);
            }
            if (!done.isEmpty()) {
                jdbc.batchUpdate(InboxSql.SETTLE_DONE, done);
            }
        });
        return statuses;
    }

    /** Update counts of a batch, a count unknown to the driver ({@code SUCCESS_NO_INFO}) taken as one row. */
    private static int[] counts(int[] counts) {
        return Arrays.stream(counts).map(n -> n == java.sql.Statement.SUCCESS_NO_INFO ? 1 : n).toArray();
    }

    /** The event's last error: the first PENDING delivery's that has one, else the first dead one's. */
    private static String lastError(List<DeliveryRow> rows) {
        return rows.stream().filter(row -> DeliveryRow.PENDING.equals(row.status()) && row.lastError() != null).findFirst()
                .or(() -> rows.stream().filter(row -> DeliveryRow.DEAD.equals(row.status()) && row.lastError() != null).findFirst())
                .map(DeliveryRow::lastError).orElse(null);
    }

    private void record(InboxEvent event, FailedAttempt attempt) {
        jdbc.update(InboxSql.INSERT_ATTEMPT, event.eventId(), attempt.attempt(), attempt.sink(), attempt.outcome(),
                truncate(attempt.reason(), 4000), Timestamp.from(clock.instant()));
    }
}
