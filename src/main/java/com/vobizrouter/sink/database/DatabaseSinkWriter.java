package com.vobizrouter.sink.database;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;

import com.vobizrouter.batch.BatchingService;
import com.vobizrouter.batch.MicroBatcher;
import com.vobizrouter.inbox.SqlDialect;
import org.apache.camel.CamelContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.ParameterizedPreparedStatementSetter;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Every statement of the database sink's tables (bean {@code databaseSinkWriter}):
 * {@code vobiz_event} (every event), {@code message_status} (nine events in ten of a campaign) and
 * {@code campaign_result}. The first two are written set-based: dispatch workers that write at
 * about the same time share one transaction and one JDBC batch (a {@link MicroBatcher} per table)
 * instead of paying a round trip and a commit each, which bounded a drain of status events to a
 * few hundred a second.
 *
 * <p>Each statement keeps the sink's rules in SQL, so a batch may hold any mix of events:
 * <ul>
 * <li>{@code vobiz_event}: an event already stored (a redelivery) is left as it is;</li>
 * <li>{@code message_status}: one row per message; the status only moves forward (sent &lt;
 *     delivered &lt; read &lt; failed, by {@code status_rank}), each status keeps the first time
 *     it was reported, a failure keeps its code and text. Rows are written in message id order,
 *     so two instances writing the same messages never wait on each other in opposite orders;</li>
 * <li>{@code campaign_result}: one row per campaign, its totals replaced by the latest report
 *     (update, else insert; the loser of two events racing to insert fails on the key and applies
 *     its update when it is delivered again).</li>
 * </ul>
 * On PostgreSQL the set-based statements are {@code INSERT … ON CONFLICT}, safe with several
 * instances; on H2 (one embedded instance) {@code MERGE}.
 *
 * <p>A caller returns once its own row is committed. When a batch fails, its rows are written
 * again one by one, so one row the database refuses fails only its own event.
 */
public class DatabaseSinkWriter extends BatchingService {

    private static final String EVENT_COLUMNS = "(event_id, event_type, event_timestamp, received_at, channel_id, payload, stored_at, "
            + "source)";
    private static final String POSTGRES_EVENT = "INSERT INTO vobiz_event " + EVENT_COLUMNS
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (event_id) DO NOTHING";
    private static final String H2_EVENT = "MERGE INTO vobiz_event t USING (SELECT CAST(? AS VARCHAR(100)) AS event_id) s "
            + "ON t.event_id = s.event_id WHEN NOT MATCHED THEN INSERT " + EVENT_COLUMNS + " VALUES (s.event_id, ?, ?, ?, ?, ?, ?, ?)";

    private static final String STATUS_INSERT_COLUMNS = "(message_id, recipient, channel_id, status, status_rank, sent_at, "
            + "delivered_at, read_at, failed_at, error_code, error_message, last_event_id, updated_at)";
    private static final String POSTGRES_STATUS = "INSERT INTO message_status AS t " + STATUS_INSERT_COLUMNS
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, CURRENT_TIMESTAMP) ON CONFLICT (message_id) DO UPDATE SET "
            + statusUpdate("EXCLUDED");
    private static final String H2_STATUS = "MERGE INTO message_status t USING (SELECT CAST(? AS VARCHAR(255)) AS message_id, "
            + "CAST(? AS VARCHAR(64)) AS recipient, CAST(? AS VARCHAR(255)) AS channel_id, CAST(? AS VARCHAR(16)) AS status, "
            + "CAST(? AS INTEGER) AS status_rank, CAST(? AS TIMESTAMP WITH TIME ZONE) AS sent_at, "
            + "CAST(? AS TIMESTAMP WITH TIME ZONE) AS delivered_at, CAST(? AS TIMESTAMP WITH TIME ZONE) AS read_at, "
            + "CAST(? AS TIMESTAMP WITH TIME ZONE) AS failed_at, CAST(? AS VARCHAR(64)) AS error_code, "
            + "CAST(? AS VARCHAR(1000)) AS error_message, CAST(? AS VARCHAR(100)) AS last_event_id) s "
            + "ON t.message_id = s.message_id WHEN MATCHED THEN UPDATE SET " + statusUpdate("s")
            + " WHEN NOT MATCHED THEN INSERT " + STATUS_INSERT_COLUMNS + " VALUES (s.message_id, s.recipient, s.channel_id, "
            + "s.status, s.status_rank, s.sent_at, s.delivered_at, s.read_at, s.failed_at, s.error_code, s.error_message, "
            + "s.last_event_id, CURRENT_TIMESTAMP)";

    private static final String CAMPAIGN_UPDATE = "UPDATE campaign_result SET name = COALESCE(?, name), total_count = ?, "
            + "sent_count = ?, delivered_count = ?, read_count = ?, failed_count = ?, completed_at = ?, last_event_id = ?, "
            + "updated_at = CURRENT_TIMESTAMP WHERE campaign_id = ?";
    private static final String CAMPAIGN_INSERT = "INSERT INTO campaign_result (name, total_count, sent_count, delivered_count, "
            + "read_count, failed_count, completed_at, last_event_id, campaign_id, updated_at) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, CURRENT_TIMESTAMP)";

    /**
     * What a status changes on an existing row; {@code t} is the row, {@code incoming} the new
     * status ({@code s} of H2's MERGE, PostgreSQL's {@code EXCLUDED}). Every right-hand side reads
     * the row as it was.
     */
    private static String statusUpdate(String incoming) {
        String s = incoming + ".";
        return "status = CASE WHEN " + s + "status_rank > t.status_rank THEN " + s + "status ELSE t.status END, "
                + "last_event_id = CASE WHEN " + s + "status_rank > t.status_rank THEN " + s + "last_event_id ELSE t.last_event_id END, "
                + "status_rank = CASE WHEN " + s + "status_rank > t.status_rank THEN " + s + "status_rank ELSE t.status_rank END, "
                + "sent_at = COALESCE(t.sent_at, " + s + "sent_at), delivered_at = COALESCE(t.delivered_at, " + s + "delivered_at), "
                + "read_at = COALESCE(t.read_at, " + s + "read_at), failed_at = COALESCE(t.failed_at, " + s + "failed_at), "
                + "error_code = COALESCE(" + s + "error_code, t.error_code), error_message = COALESCE(" + s + "error_message, "
                + "t.error_message), recipient = COALESCE(t.recipient, " + s + "recipient), channel_id = COALESCE(t.channel_id, "
                + s + "channel_id), updated_at = CURRENT_TIMESTAMP";
    }

    /** A set-based statement: its text, the order its rows are written in, and how a row binds. */
    private record Statement<R>(String sql, Function<R, String> order, ParameterizedPreparedStatementSetter<R> binding) {
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final MicroBatcher<VobizEventRow, Boolean> events;
    private final MicroBatcher<MessageStatusRow, Boolean> statuses;

    /** @param maxBatch most rows in one transaction */
    public DatabaseSinkWriter(CamelContext camelContext, JdbcTemplate jdbc, TransactionTemplate transactions, SqlDialect dialect,
            int maxBatch) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        Statement<VobizEventRow> event = new Statement<>(dialect.isPostgresql() ? POSTGRES_EVENT : H2_EVENT, VobizEventRow::eventId,
                DatabaseSinkWriter::bindEvent);
        Statement<MessageStatusRow> status = new Statement<>(dialect.isPostgresql() ? POSTGRES_STATUS : H2_STATUS,
                MessageStatusRow::messageId, DatabaseSinkWriter::bindStatus);
        this.events = owned(MicroBatcher.<VobizEventRow, Boolean>builder(camelContext, "vobiz-event-writer", maxBatch,
                batch -> write(batch, event)).writers(2).build());
        // Statuses of one message go to one writer, so they never race each other in two transactions.
        this.statuses = owned(MicroBatcher.<MessageStatusRow, Boolean>builder(camelContext, "message-status-writer", maxBatch,
                batch -> write(batch, status)).writers(2).affinity(MessageStatusRow::messageId).build());
    }

    /** Stores the {@code vobiz_event} row ({@link DatabaseSinkMapping#vobizEvent}); returns once committed. */
    public void storeEvent(VobizEventRow row) throws Exception {
        await(events, row);
    }

    /** Applies the {@code message_status} row ({@link DatabaseSinkMapping#messageStatus}); returns once committed. */
    public void storeStatus(MessageStatusRow row) throws Exception {
        await(statuses, row);
    }

    /** Replaces the campaign's totals ({@link DatabaseSinkMapping#campaignResult}), or inserts its row. */
    public void storeCampaignResult(CampaignResultRow row) {
        if (jdbc.update(CAMPAIGN_UPDATE, statement -> bindCampaign(statement, row)) == 0) {
            jdbc.update(CAMPAIGN_INSERT, statement -> bindCampaign(statement, row));
        }
    }

    private static <R> void await(MicroBatcher<R, Boolean> batcher, R row) throws Exception {
        try {
            batcher.submit(row).get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    private <R> void write(MicroBatcher.Batch<R, Boolean> batch, Statement<R> statement) {
        List<R> rows = batch.items().stream().sorted(Comparator.comparing(row -> String.valueOf(statement.order().apply(row)))).toList();
        try {
            transactions.executeWithoutResult(status -> jdbc.batchUpdate(statement.sql(), rows, rows.size(), statement.binding()));
            batch.waiters().forEach(waiter -> waiter.complete(true));
        } catch (RuntimeException batchFailed) {
            if (batch.size() == 1) {
                throw batchFailed;
            }
            for (MicroBatcher.Waiter<R, Boolean> waiter : batch.waiters()) {
                try {
                    transactions.executeWithoutResult(status -> jdbc.update(statement.sql(),
                            prepared -> statement.binding().setValues(prepared, waiter.item())));
                    waiter.complete(true);
                } catch (RuntimeException rowFailed) {
                    waiter.fail(rowFailed);
                }
            }
        }
    }

    private static final int VARCHAR = Types.VARCHAR;
    private static final int INTEGER = Types.INTEGER;
    private static final int TIME = Types.TIMESTAMP_WITH_TIMEZONE;
    private static final int[] EVENT_TYPES = {VARCHAR, VARCHAR, TIME, TIME, VARCHAR, VARCHAR, TIME, VARCHAR};
    private static final int[] STATUS_TYPES = {VARCHAR, VARCHAR, VARCHAR, VARCHAR, INTEGER, TIME, TIME, TIME, TIME, VARCHAR, VARCHAR,
        VARCHAR};
    private static final int[] CAMPAIGN_TYPES = {VARCHAR, INTEGER, INTEGER, INTEGER, INTEGER, INTEGER, TIME, VARCHAR, VARCHAR};

    private static void bindEvent(PreparedStatement statement, VobizEventRow row) throws SQLException {
        bind(statement, EVENT_TYPES, row.eventId(), row.eventType(), row.eventTimestamp(), row.receivedAt(), row.channelId(),
                row.payload(), row.storedAt(), row.source());
    }

    private static void bindStatus(PreparedStatement statement, MessageStatusRow row) throws SQLException {
        bind(statement, STATUS_TYPES, row.messageId(), row.recipient(), row.channelId(), row.status(), row.statusRank(), row.sentAt(),
                row.deliveredAt(), row.readAt(), row.failedAt(), row.errorCode(), row.errorMessage(), row.eventId());
    }

    /** The campaign's parameters, in the order both its update and its insert take them. */
    private static void bindCampaign(PreparedStatement statement, CampaignResultRow row) throws SQLException {
        bind(statement, CAMPAIGN_TYPES, row.name(), row.totalCount(), row.sentCount(), row.deliveredCount(), row.readCount(),
                row.failedCount(), row.completedAt(), row.eventId(), row.campaignId());
    }

    private static void bind(PreparedStatement statement, int[] types, Object... values) throws SQLException {
        for (int i = 0; i < values.length; i++) {
            if (values[i] == null) {
                statement.setNull(i + 1, types[i]);
            } else {
                statement.setObject(i + 1, values[i], types[i]);
            }
        }
    }
}
