package com.vobizrouter.inbox;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import javax.sql.DataSource;

import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;

/**
 * Writes new events into the inbox together with their idempotency keys (camel-sql's table
 * {@code CAMEL_MESSAGEPROCESSED}): the statements intake's group commit runs, in the caller's
 * transaction, so a key and its inbox row always commit together.
 *
 * <p>On PostgreSQL a whole batch is one statement whose plan needs no table statistics: the keys
 * go in as one array with {@code INSERT ... ON CONFLICT DO NOTHING RETURNING}, and only the rows
 * whose key was new are inserted into the inbox, in the same round trip. The lookup it replaces,
 * {@code messageId IN (...)} with one parameter per key, was planned afresh for every batch size
 * and, on tables never analysed, took 27 ms for 64 keys instead of 0.2 ms. A key being inserted
 * by another instance's open transaction makes this one wait for it, then count as known. Keys
 * are sorted so two batches sharing keys lock them in the same order and cannot deadlock.
 * On H2 (embedded, one instance) the known keys are looked up first and the rest inserted as two
 * JDBC batches. The statements are {@link InboxSql}'s.
 */
public class InboxWriter {

    private final NamedParameterJdbcTemplate jdbc;
    private final SqlDialect dialect;
    private final String processorName;

    /** @param processorName the idempotency namespace of the keys ({@code processorName} column) */
    public InboxWriter(DataSource dataSource, SqlDialect dialect, String processorName) {
        this.jdbc = new NamedParameterJdbcTemplate(dataSource);
        this.dialect = dialect;
        this.processorName = processorName;
    }

    /**
     * Inserts the keys and inbox rows of the events whose key is not known yet; returns the keys
     * that were known. Each row's key is its {@link InboxRow#eventId()}. A key inserted meanwhile by
     * another transaction fails the batch with a duplicate key.
     */
    public Set<String> insertNew(Map<String, InboxRow> rowsByKey) {
        if (dialect.isPostgresql()) {
            return jdbc.getJdbcTemplate().execute((ConnectionCallback<Set<String>>) connection -> insertNewInOneStatement(connection, rowsByKey));
        }
        Set<String> known = new HashSet<>(jdbc.queryForList(InboxSql.KNOWN_KEYS,
                new MapSqlParameterSource("processorName", processorName).addValue("keys", rowsByKey.keySet()),
                String.class));
        List<String> fresh = rowsByKey.keySet().stream().filter(key -> !known.contains(key)).toList();
        if (!fresh.isEmpty()) {
            // The same clock camel-sql's repository uses for createdAt, which the purge compares.
            Timestamp now = new Timestamp(System.currentTimeMillis());
            jdbc.batchUpdate(InboxSql.INSERT_KEY, fresh.stream().map(key -> new MapSqlParameterSource("processorName", processorName)
                    .addValue("messageId", key).addValue("createdAt", now)).toArray(SqlParameterSource[]::new));
            jdbc.batchUpdate(InboxSql.INSERT_INBOX,
                    fresh.stream().map(key -> parameters(rowsByKey.get(key))).toArray(SqlParameterSource[]::new));
        }
        return known;
    }

    private static SqlParameterSource parameters(InboxRow row) {
        return new MapSqlParameterSource("event_id", row.eventId()).addValue("event_type", row.eventType())
                .addValue("channel_id", row.channelId()).addValue("event_timestamp", row.eventTimestamp())
                .addValue("status", row.status()).addValue("payload", row.payload()).addValue("source", row.source())
                .addValue("normalised", row.normalised()).addValue("trace_parent", row.traceParent());
    }

    private Set<String> insertNewInOneStatement(Connection connection, Map<String, InboxRow> rowsByKey) throws SQLException {
        List<String> keys = rowsByKey.keySet().stream().sorted().toList();
        List<InboxRow> rows = keys.stream().map(rowsByKey::get).toList();
        try (PreparedStatement statement = connection.prepareStatement(InboxSql.POSTGRES_INSERT_NEW)) {
            statement.setString(1, processorName);
            // The same clock camel-sql's repository uses for createdAt, which the purge compares.
            statement.setTimestamp(2, new Timestamp(System.currentTimeMillis()));
            statement.setArray(3, connection.createArrayOf("varchar", keys.toArray()));
            statement.setArray(4, column(connection, "varchar", rows, InboxRow::eventId));
            statement.setArray(5, column(connection, "varchar", rows, InboxRow::eventType));
            statement.setArray(6, column(connection, "varchar", rows, InboxRow::channelId));
            statement.setArray(7, column(connection, "varchar", rows, InboxRow::eventTimestamp));
            statement.setArray(8, column(connection, "varchar", rows, InboxRow::status));
            statement.setArray(9, column(connection, "varchar", rows, InboxRow::source));
            statement.setArray(10, column(connection, "text", rows, InboxRow::payload));
            statement.setArray(11, column(connection, "text", rows, InboxRow::normalised));
            statement.setArray(12, column(connection, "varchar", rows, InboxRow::traceParent));
            Set<String> known = new HashSet<>(keys);
            try (ResultSet inserted = statement.executeQuery()) {
                while (inserted.next()) {
                    known.remove(inserted.getString(1));
                }
            }
            return known;
        }
    }

    private static Array column(Connection connection, String type, List<InboxRow> rows, Function<InboxRow, String> column)
            throws SQLException {
        return connection.createArrayOf(type, rows.stream().map(column).toArray());
    }
}
