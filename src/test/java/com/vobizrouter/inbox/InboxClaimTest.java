package com.vobizrouter.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import javax.sql.DataSource;

import com.vobizrouter.testsupport.PostgresSchema;
import com.vobizrouter.testsupport.RequiresPostgres;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A claim on PostgreSQL takes at most the number of events asked for, whatever plan PostgreSQL
 * picks. With statistics that say almost nothing is pending (the usual state: most rows DONE)
 * and then a backlog (a sink outage), PostgreSQL ran the {@code LIMIT … FOR UPDATE SKIP LOCKED}
 * subquery once per candidate row, each run skipping the rows the previous one had just leased:
 * one claim of 32 leased the whole backlog, more than the dispatcher could start, and the rest
 * overflowed its queue and sat leased for the whole lease.
 */
@RequiresPostgres
class InboxClaimTest {

    @Test
    void aClaimLeasesNoMoreThanAskedWhenABacklogBuildsBehindStatisticsThatSayNothingIsPending(PostgresSchema schema) {
        DataSource dataSource = schema.dataSource();
        Flyway.configure().dataSource(dataSource).load().migrate();
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        jdbc.update("INSERT INTO inbox_event (event_id, event_type, received_at, status, next_attempt_at, payload) "
                + "SELECT 'done_' || g, 'message.read', now(), 'DONE', now(), '{}' FROM generate_series(1, ?) g", 20_000);
        jdbc.execute("ANALYZE inbox_event");
        jdbc.update("INSERT INTO inbox_event (event_id, event_type, received_at, status, next_attempt_at, payload) "
                + "SELECT 'pending_' || g, 'message.read', now(), 'PENDING', now() - interval '1 minute', '{}' "
                + "FROM generate_series(1, ?) g", 3_000);
        InboxStore inbox = new InboxStore(dataSource, new TransactionTemplate(new DataSourceTransactionManager(dataSource)),
                Clock.systemUTC(), SqlDialect.POSTGRESQL, null);

        List<InboxEvent> claimed = inbox.claim(32, Duration.ofMinutes(5));

        assertThat(claimed).hasSize(32);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM inbox_event WHERE locked_by IS NOT NULL", Long.class)).isEqualTo(32);
    }
}
