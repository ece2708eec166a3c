package com.vobizrouter.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import com.vobizrouter.testsupport.TestDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * The events waiting for each sink: PENDING rows whose {@code last_error} starts with the sink's
 * name and a space or a colon, as the dispatcher writes it. Subclasses choose the database.
 */
abstract class InboxBacklogTest {

    @Test
    void countsThePendingEventsAndThoseThatLastStoppedAtEachSink(TestDatabase database) {
        DataSource dataSource = database.migrated().dataSource();
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        Object[][] rows = {
            {"PENDING", "zendesk is paused until 2026-03-19T10:31:00Z: Zendesk rate limit (429)"},
            {"PENDING", "Zendesk answered 503 Service Unavailable"},
            {"PENDING", "zendesk:conversation-1 is being delivered by another event"},
            {"PENDING", "salesforce: SocketTimeoutException: Read timed out"},
            {"PENDING", "zendesks: another sink whose name starts the same"},
            {"PENDING", null},
            {"DONE", "Zendesk answered 503 Service Unavailable"},
            {"DEAD", "salesforce: gave up"},
        };
        for (int i = 0; i < rows.length; i++) {
            jdbc.update("INSERT INTO inbox_event (event_id, event_type, received_at, status, next_attempt_at, payload, last_error) "
                    + "VALUES (?, 'message.received', CURRENT_TIMESTAMP, ?, CURRENT_TIMESTAMP, '{}', ?)", "evt_" + i, rows[i][0], rows[i][1]);
        }
        InboxQueries queries = new InboxQueries(dataSource, new DataSourceTransactionManager(dataSource), Clock.systemUTC());

        InboxQueries.Backlog backlog = queries.backlog(List.of("salesforce", "zendesk"));

        assertThat(backlog.pending()).isEqualTo(6);
        assertThat(backlog.bySink()).containsExactly(Map.entry("salesforce", 1L), Map.entry("zendesk", 3L));
        jdbc.update("DELETE FROM inbox_event");
        assertThat(queries.backlog(List.of("zendesk"))).as("an empty inbox")
                .isEqualTo(new InboxQueries.Backlog(0, Map.of("zendesk", 0L)));
    }
}
