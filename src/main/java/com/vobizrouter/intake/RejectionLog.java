package com.vobizrouter.intake;

import static com.vobizrouter.inbox.Text.truncate;

import java.nio.ByteBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import com.vobizrouter.batch.MicroBatcher;
import com.vobizrouter.inbox.Masking;
import com.vobizrouter.inbox.SqlDialect;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Records every request refused at intake, for the admin API and the console: the first thing an
 * engineer looks at when Vobiz's requests start failing. Keeps the first {@value #BODY_START}
 * bytes of the body as text (invalid bytes shown as U+FFFD, phone numbers masked and WhatsApp ids
 * hashed by {@link Masking#text}, as is the detail).
 *
 * <p>Recording is best effort and never costs the request anything: the record is handed to a
 * bounded queue ({@value #QUEUE_CAPACITY} records) and the request goes on; one writer (a
 * {@link MicroBatcher}) stores what is queued in batches, so refused traffic, however much of it,
 * holds at most one database connection and never one of a request thread. When the queue is
 * full, or a batch cannot be written, records are dropped and counted
 * ({@code vobiz_rejections_dropped_total}): under a flood the log keeps a sample, never the
 * router's capacity.
 *
 * <p>The table never holds more than {@code router.admin.rejections-max} rows: each batch is
 * inserted and the table trimmed to the newest {@code max} in one transaction, so no reader sees
 * more. The trim deletes a range of the identity key between the table's first id and the
 * newest id less {@code max} (ids are never reused, so the newest {@code max} rows lie above it);
 * both ends are read from the primary key index and the range is deleted through it, so the plan
 * does not depend on table statistics. On PostgreSQL the batches of several instances take turns
 * (a transaction-scoped advisory lock), so their inserts cannot together pass the cap either.
 */
public class RejectionLog extends ServiceSupport {

    static final int BODY_START = 200;
    /** Records waiting for the writer; past this they are dropped. About 0.5 KB each. */
    static final int QUEUE_CAPACITY = 1000;
    /** Most records one transaction writes. */
    static final int MAX_BATCH = 200;
    /** The advisory lock the batches of every instance take in turn (PostgreSQL): "rejected" in ASCII. */
    private static final long TRIM_LOCK = 0x72656a6563746564L;
    private static final String INSERT = "INSERT INTO rejected_request (received_at, source_ip, status, reason, detail, body_start, source) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?)";
    private static final Logger LOG = LoggerFactory.getLogger(RejectionLog.class);

    /** One refused request, as stored. */
    record Rejection(Timestamp receivedAt, String sourceIp, int status, String reason, String detail, String bodyStart,
            String source) {
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final SqlDialect dialect;
    private final int max;
    private final MicroBatcher<Rejection, Void> writer;
    private final Counter dropped;
    private final AtomicLong pending = new AtomicLong();

    /**
     * @param max most rows kept ({@code router.admin.rejections-max})
     */
    public RejectionLog(CamelContext camelContext, DataSource dataSource, PlatformTransactionManager transactionManager, Clock clock,
            SqlDialect dialect, int max, MeterRegistry meters) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.transactions = new TransactionTemplate(transactionManager);
        this.clock = clock;
        this.dialect = dialect;
        this.max = max;
        this.writer = MicroBatcher.<Rejection, Void>builder(camelContext, "rejection-log", Math.max(1, Math.min(max, MAX_BATCH)),
                this::write).bounded(QUEUE_CAPACITY, java.time.Duration.ZERO).build();
        this.dropped = Counter.builder("vobiz.rejections.dropped")
                .description("refused requests not recorded in the rejection log (queue full or write failed)").register(meters);
    }

    /**
     * Queues the record and returns at once; dropped (and counted) when the queue is full.
     *
     * @param source the webhook source whose path the request was sent to
     */
    public void record(String source, String sourceIp, int status, String reason, String detail, byte[] body) {
        Rejection rejection = new Rejection(Timestamp.from(clock.instant()), truncate(sourceIp, 64), status, truncate(reason, 64),
                truncate(Masking.text(detail), 255), bodyStart(body), truncate(source, 64));
        pending.incrementAndGet();
        try {
            writer.submit(rejection).whenComplete((done, failed) -> pending.decrementAndGet());
        } catch (RejectedExecutionException | InterruptedException full) {
            pending.decrementAndGet();
            dropped.increment();
            if (full instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Records handed over and not yet written or dropped. */
    public long pending() {
        return pending.get();
    }

    private void write(MicroBatcher.Batch<Rejection, Void> batch) {
        List<Rejection> rows = batch.items();
        // More than the cap in one batch: the oldest would be trimmed at once anyway.
        List<Rejection> kept = rows.size() > max ? rows.subList(rows.size() - max, rows.size()) : rows;
        try {
            transactions.executeWithoutResult(status -> {
                if (dialect.isPostgresql()) {
                    jdbc.query("SELECT pg_advisory_xact_lock(?)", rs -> null, TRIM_LOCK);
                }
                if (!kept.isEmpty()) {
                    jdbc.batchUpdate(INSERT, kept, kept.size(), (statement, row) -> {
                        statement.setTimestamp(1, row.receivedAt());
                        statement.setString(2, row.sourceIp());
                        statement.setInt(3, row.status());
                        statement.setString(4, row.reason());
                        statement.setString(5, row.detail());
                        statement.setString(6, row.bodyStart());
                        statement.setString(7, row.source());
                    });
                }
                trim();
            });
            dropped.increment(rows.size() - kept.size());
        } catch (RuntimeException failed) {
            dropped.increment(rows.size());
            LOG.debug("{} rejections not recorded: {}", rows.size(), failed.toString());
        }
        batch.waiters().forEach(waiter -> waiter.complete(null));
    }

    /** Deletes every row but the newest {@link #max}, by id range. */
    private void trim() {
        Map<String, Object> ends = jdbc.queryForMap("SELECT MIN(id) AS first_id, MAX(id) AS last_id FROM rejected_request");
        Number first = (Number) ends.get("first_id");
        Number last = (Number) ends.get("last_id");
        if (first == null || last == null || last.longValue() - first.longValue() < max) {
            return;
        }
        jdbc.update("DELETE FROM rejected_request WHERE id >= ? AND id <= ?", first.longValue(), last.longValue() - max);
    }

    @Override
    protected void doStart() {
        writer.start();
    }

    /** Writes what is queued, then ends the writer. */
    @Override
    protected void doStop() {
        writer.stop();
    }

    static String bodyStart(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
        String text;
        try {
            text = decoder.decode(ByteBuffer.wrap(body, 0, Math.min(body.length, BODY_START))).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            return null;
        }
        return Masking.text(text.replaceAll("\\p{Cntrl}", " "));
    }
}
