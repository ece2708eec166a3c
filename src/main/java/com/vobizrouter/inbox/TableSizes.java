package com.vobizrouter.inbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import javax.sql.DataSource;

import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * How large each table that grows is, for the {@code tables} health component (not part of
 * readiness): rows and, on PostgreSQL, bytes on disk with indexes. Read at most once per refresh
 * interval, however often health is asked.
 *
 * <p>On PostgreSQL rows are estimated the way the planner does, from {@code pg_class} scaled to
 * the table's current size, when the table has been vacuumed or analysed at least once;
 * otherwise they are counted, stopping at {@value #COUNT_BOUND} (then shown as "at least"). A
 * server without autovacuum may never have statistics, and a full count of a large table would
 * be too slow for a health check. On H2 rows are counted exactly (H2 keeps the count).
 *
 * <p>Like {@link Retention}'s purges, its statements are one template for every table in
 * {@link #TABLES}, built from the table's name, rather than kept with each table's other statements.
 */
public class TableSizes extends AbstractHealthIndicator {

    /** The tables that grow with traffic. */
    public static final List<String> TABLES = List.of("inbox_event", "CAMEL_MESSAGEPROCESSED", "vobiz_event", "delivery", "delivery_attempt",
            "dead_letter", "message_status", "campaign_result", "rejected_request");

    static final long COUNT_BOUND = 100_000;

    /** The size of one table; {@code bytes} is null where the database does not say. */
    public record Size(long rows, String rowsAre, Long bytes) {
    }

    private record Reading(Map<String, Size> sizes, Instant readAt) {
    }

    private final JdbcTemplate jdbc;
    private final SqlDialect dialect;
    private final Clock clock;
    private final Duration refresh;
    private final AtomicReference<Reading> last = new AtomicReference<>();

    public TableSizes(DataSource dataSource, SqlDialect dialect, Clock clock, Duration refresh) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.dialect = dialect;
        this.clock = clock;
        this.refresh = refresh;
    }

    /** The size of every table in {@link #TABLES}, by lower-case name. */
    public Map<String, Size> sizes() {
        Reading cached = last.get();
        Instant now = clock.instant();
        if (cached != null && cached.readAt().plus(refresh).isAfter(now)) {
            return cached.sizes();
        }
        Map<String, Size> sizes = new LinkedHashMap<>();
        for (String table : TABLES) {
            sizes.put(table.toLowerCase(), dialect.isPostgresql() ? postgresSize(table) : new Size(count(table, false), "counted", null));
        }
        last.set(new Reading(Map.copyOf(sizes), now));
        return sizes;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        builder.up();
        sizes().forEach((table, size) -> {
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("rows", size.rows());
            detail.put("rowsAre", size.rowsAre());
            if (size.bytes() != null) {
                detail.put("bytes", size.bytes());
            }
            builder.withDetail(table, detail);
        });
    }

    private Size postgresSize(String table) {
        record Stats(double tuples, long pages, long heapBytes, long totalBytes, int blockSize) {
        }
        Stats stats = jdbc.queryForObject("SELECT c.reltuples, c.relpages, pg_relation_size(c.oid), pg_total_relation_size(c.oid), "
                + "current_setting('block_size')::int FROM pg_class c WHERE c.oid = to_regclass(?)",
                (rs, n) -> new Stats(rs.getDouble(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getInt(5)), table.toLowerCase());
        if (stats.tuples() >= 0 && stats.pages() > 0) {
            long pagesNow = stats.heapBytes() / stats.blockSize();
            return new Size(Math.round(stats.tuples() / stats.pages() * pagesNow), "estimated", stats.totalBytes());
        }
        long counted = count(table, true);
        return new Size(Math.min(counted, COUNT_BOUND), counted > COUNT_BOUND ? "at least" : "counted", stats.totalBytes());
    }

    /** Rows of the table; bounded: stops at one more than {@link #COUNT_BOUND}. */
    private long count(String table, boolean bounded) {
        // The table name is one of the fixed names above: it cannot be a bind parameter.
        Long rows = bounded
                ? jdbc.queryForObject("SELECT COUNT(*) FROM (SELECT 1 FROM " + table + " LIMIT ?) t", Long.class, COUNT_BOUND + 1)
                : jdbc.queryForObject("SELECT COUNT(*) FROM " + table, Long.class);
        return rows == null ? 0 : rows;
    }
}
