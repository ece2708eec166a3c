package com.vobizrouter.inbox;

import java.sql.Timestamp;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.sql.DataSource;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;

/**
 * Writes new events into the inbox together with their idempotency keys (camel-sql's table
 * {@code CAMEL_MESSAGEPROCESSED}): the statements intake's group commit runs, in the caller's
 * transaction, so a key and its inbox row always commit together.
 */
public class InboxWriter {

    private static final String KNOWN_KEYS = "SELECT messageId FROM CAMEL_MESSAGEPROCESSED "
            + "WHERE processorName = :processorName AND messageId IN (:keys)";
    private static final String INSERT_KEY = "INSERT INTO CAMEL_MESSAGEPROCESSED (processorName, messageId, createdAt) "
            + "VALUES (:processorName, :messageId, :createdAt)";
    private static final String INSERT_INBOX = "INSERT INTO inbox_event "
            + "(event_id, event_type, channel_id, event_timestamp, received_at, status, next_attempt_at, payload, source, normalised) "
            + "VALUES (:event_id, :event_type, :channel_id, :event_timestamp, CURRENT_TIMESTAMP, :status, CURRENT_TIMESTAMP, :payload, "
            + ":source, :normalised)";

    private final NamedParameterJdbcTemplate jdbc;
    private final String processorName;

    /** @param processorName the idempotency namespace of the keys ({@code processorName} column) */
    public InboxWriter(DataSource dataSource, String processorName) {
        this.jdbc = new NamedParameterJdbcTemplate(dataSource);
        this.processorName = processorName;
    }

    /**
     * Inserts the keys and inbox rows of the events whose key is not known yet, as two JDBC
     * batches; returns the keys that were known. Each row has the columns {@code event_id},
     * {@code event_type}, {@code channel_id}, {@code event_timestamp}, {@code status},
     * {@code payload}, {@code source} and {@code normalised} (null when the payload is its own view). A key inserted meanwhile by another transaction fails the batch with a
     * duplicate key.
     */
    public Set<String> insertNew(Map<String, Map<String, Object>> rowsByKey) {
        Set<String> known = new HashSet<>(jdbc.queryForList(KNOWN_KEYS,
                new MapSqlParameterSource("processorName", processorName).addValue("keys", rowsByKey.keySet()),
                String.class));
        List<String> fresh = rowsByKey.keySet().stream().filter(key -> !known.contains(key)).toList();
        if (!fresh.isEmpty()) {
            // The same clock camel-sql's repository uses for createdAt, which the purge compares.
            Timestamp now = new Timestamp(System.currentTimeMillis());
            jdbc.batchUpdate(INSERT_KEY, fresh.stream().map(key -> new MapSqlParameterSource("processorName", processorName)
                    .addValue("messageId", key).addValue("createdAt", now)).toArray(SqlParameterSource[]::new));
            jdbc.batchUpdate(INSERT_INBOX, fresh.stream().map(key -> new MapSqlParameterSource(rowsByKey.get(key)))
                    .toArray(SqlParameterSource[]::new));
        }
        return known;
    }
}
