package com.vobizrouter.sink.database;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import com.vobizrouter.batch.BatchingService;
import com.vobizrouter.batch.MicroBatcher;
import com.vobizrouter.inbox.SqlDialect;
import org.apache.camel.CamelContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes the database sink's two busiest tables set-based (bean {@code databaseSinkWriter}):
 * {@code vobiz_event} (every event) and {@code message_status} (nine events in ten of a
 * campaign). Dispatch workers that write at about the same time share one transaction and one
 * JDBC batch (a {@link MicroBatcher} per table) instead of paying a round trip and a commit
 * each, which bounded a drain of status events to a few hundred a second.
 *
 * <p>Each statement keeps the sink's rules in SQL, so a batch may hold any mix of events:
 * <ul>
 * <li>{@code vobiz_event}: an event already stored (a redelivery) is left as it is;</li>
 * <li>{@code message_status}: one row per message; the status only moves forward (sent &lt;
 *     delivered &lt; read &lt; failed, by {@code status_rank}), each status keeps the first time
 *     it was reported, a failure keeps its code and text. Rows are written in message id order,
 *     so two instances writing the same messages never wait on each other in opposite orders.</li>
 * </ul>
 * On PostgreSQL the statements are {@code INSERT … ON CONFLICT}, safe with several instances; on
 * H2 (one embedded instance) {@code MERGE}.
 *
 * <p>A caller returns once its own row is committed. When a batch fails, its rows are written
 * again one by one, so one row the database refuses fails only its own event.
 */
public class DatabaseSinkWriter extends BatchingService {

    private static final String[] EVENT_COLUMNS = {"event_id", "event_type", "event_timestamp", "received_at", "channel_id",
        "payload", "stored_at", "source"};
    private static final String[] STATUS_COLUMNS = {"message_id", "recipient", "channel_id", "status", "status_rank", "sent_at",
        "delivered_at", "read_at", "failed_at", "error_code", "error_message", "event_id"};
    private static final int[] STATUS_TYPES = {Types.VARCHAR, Types.VARCHAR, Types.VARCHAR, Types.VARCHAR, Types.INTEGER,
        Types.TIMESTAMP_WITH_TIMEZONE, Types.TIMESTAMP_WITH_TIMEZONE, Types.TIMESTAMP_WITH_TIMEZONE,
        Types.TIMESTAMP_WITH_TIMEZONE, Types.VARCHAR, Types.VARCHAR, Types.VARCHAR};
    private static final int[] EVENT_TYPES = {Types.VARCHAR, Types.VARCHAR, Types.TIMESTAMP_WITH_TIMEZONE,
        Types.TIMESTAMP_WITH_TIMEZONE, Types.VARCHAR, Types.VARCHAR, Types.TIMESTAMP_WITH_TIMEZONE, Types.VARCHAR};

    private static final String POSTGRES_EVENT = "INSERT INTO vobiz_event "
            + "(event_id, event_type, event_timestamp, received_at, channel_id, payload, stored_at, source) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (event_id) DO NOTHING";
    private static final String H2_EVENT = "MERGE INTO vobiz_event t USING (SELECT CAST(? AS VARCHAR(100)) AS event_id) s "
            + "ON t.event_id = s.event_id WHEN NOT MATCHED THEN INSERT "
            + "(event_id, event_type, event_timestamp, received_at, channel_id, payload, stored_at, source) "
            + "VALUES (s.event_id, ?, ?, ?, ?, ?, ?, ?)";

    /**
     * What a status changes on an existing row; {@code t} is the row, {@code s} the new status
     * (PostgreSQL's {@code EXCLUDED}). Every right-hand side reads the row as it was.
     */
    private static final String STATUS_UPDATE = "status = CASE WHEN s.status_rank > t.status_rank THEN s.status ELSE t.status END, "
            + "last_event_id = CASE WHEN s.status_rank > t.status_rank THEN s.last_event_id ELSE t.last_event_id END, "
            + "status_rank = CASE WHEN s.status_rank > t.status_rank THEN s.status_rank ELSE t.status_rank END, "
            + "sent_at = COALESCE(t.sent_at, s.sent_at), delivered_at = COALESCE(t.delivered_at, s.delivered_at), "
            + "read_at = COALESCE(t.read_at, s.read_at), failed_at = COALESCE(t.failed_at, s.failed_at), "
            + "error_code = COALESCE(s.error_code, t.error_code), error_message = COALESCE(s.error_message, t.error_message), "
            + "recipient = COALESCE(t.recipient, s.recipient), channel_id = COALESCE(t.channel_id, s.channel_id), "
            + "updated_at = CURRENT_TIMESTAMP";
    private static final String STATUS_INSERT_COLUMNS = "(message_id, recipient, channel_id, status, status_rank, sent_at, "
            + "delivered_at, read_at, failed_at, error_code, error_message, last_event_id, updated_at)";
    private static final String POSTGRES_STATUS = "INSERT INTO message_status AS t " + STATUS_INSERT_COLUMNS
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, CURRENT_TIMESTAMP) ON CONFLICT (message_id) DO UPDATE SET "
            + STATUS_UPDATE.replaceAll("\\bs\\.", "EXCLUDED.");
    private static final String H2_STATUS = "MERGE INTO message_status t USING (SELECT CAST(? AS VARCHAR(255)) AS message_id, "
            + "CAST(? AS VARCHAR(64)) AS recipient, CAST(? AS VARCHAR(255)) AS channel_id, CAST(? AS VARCHAR(16)) AS status, "
            + "CAST(? AS INTEGER) AS status_rank, CAST(? AS TIMESTAMP WITH TIME ZONE) AS sent_at, "
            + "CAST(? AS TIMESTAMP WITH TIME ZONE) AS delivered_at, CAST(? AS TIMESTAMP WITH TIME ZONE) AS read_at, "
            + "CAST(? AS TIMESTAMP WITH TIME ZONE) AS failed_at, CAST(? AS VARCHAR(64)) AS error_code, "
            + "CAST(? AS VARCHAR(1000)) AS error_message, CAST(? AS VARCHAR(100)) AS last_event_id) s "
            + "ON t.message_id = s.message_id WHEN MATCHED THEN UPDATE SET " + STATUS_UPDATE
            + " WHEN NOT MATCHED THEN INSERT " + STATUS_INSERT_COLUMNS + " VALUES (s.message_id, s.recipient, s.channel_id, "
            + "s.status, s.status_rank, s.sent_at, s.delivered_at, s.read_at, s.failed_at, s.error_code, s.error_message, "
            + "s.last_event_id, CURRENT_TIMESTAMP)";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final String eventSql;
    private final String statusSql;
    private final MicroBatcher<Map<String, Object>, Boolean> events;
    private final MicroBatcher<Map<String, Object>, Boolean> statuses;

    /**
     * @param maxBatch most rows in one transaction
     */
    public DatabaseSinkWriter(CamelContext camelContext, JdbcTemplate jdbc, TransactionTemplate transactions, SqlDialect dialect,
            int maxBatch) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.eventSql = dialect.isPostgresql() ? POSTGRES_EVENT : H2_EVENT;
        this.statusSql = dialect.isPostgresql() ? POSTGRES_STATUS : H2_STATUS;
        this.events = owned(MicroBatcher.<Map<String, Object>, Boolean>builder(camelContext, "vobiz-event-writer", maxBatch,
                batch -> write(batch, eventSql, EVENT_COLUMNS, EVENT_TYPES)).writers(2).build());
        // Statuses of one message go to one writer, so they never race each other in two transactions.
        this.statuses = owned(MicroBatcher.<Map<String, Object>, Boolean>builder(camelContext, "message-status-writer", maxBatch,
                batch -> write(batch, statusSql, STATUS_COLUMNS, STATUS_TYPES)).writers(2).affinity(row -> row.get("message_id"))
                .build());
    }

    /** Stores the {@code vobiz_event} row ({@link DatabaseSinkMapping#vobizEvent}); returns once committed. */
    public void storeEvent(Map<String, Object> row) throws Exception {
        await(events, row);
    }

    /** Applies the {@code message_status} row ({@link DatabaseSinkMapping#messageStatus}); returns once committed. */
    public void storeStatus(Map<String, Object> row) throws Exception {
        await(statuses, row);
    }

    private static void await(MicroBatcher<Map<String, Object>, Boolean> batcher, Map<String, Object> row) throws Exception {
        try {
            batcher.submit(row).get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    private void write(MicroBatcher.Batch<Map<String, Object>, Boolean> batch, String sql, String[] columns, int[] types) {
        List<Map<String, Object>> rows = batch.items().stream()
                .sorted(Comparator.comparing(row -> String.valueOf(row.get(columns[0]))))
                .toList();
        try {
            transactions.executeWithoutResult(status -> jdbc.batchUpdate(sql, rows, rows.size(),
                    (statement, row) -> bind(statement, row, columns, types)));
            batch.waiters().forEach(waiter -> waiter.complete(true));
        } catch (RuntimeException batchFailed) {
            if (batch.size() == 1) {
                throw batchFailed;
            }
            for (MicroBatcher.Waiter<Map<String, Object>, Boolean> waiter : batch.waiters()) {
                try {
                    transactions.executeWithoutResult(status -> jdbc.update(sql,
                            statement -> bind(statement, waiter.item(), columns, types)));
                    waiter.complete(true);
                } catch (RuntimeException rowFailed) {
                    waiter.fail(rowFailed);
                }
            }
        }
    }

    private static void bind(PreparedStatement statement, Map<String, Object> row, String[] columns, int[] types) throws SQLException {
        for (int i = 0; i < columns.length; i++) {
            Object value = row.get(columns[i]);
            if (value == null) {
                statement.setNull(i + 1, types[i]);
            } else {
                statement.setObject(i + 1, value, types[i]);
            }
        }
    }
}
