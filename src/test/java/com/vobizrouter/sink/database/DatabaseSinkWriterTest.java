package com.vobizrouter.sink.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import javax.sql.DataSource;

import com.vobizrouter.testsupport.TestDatabase;
import com.vobizrouter.inbox.SqlDialect;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The set-based writes of the database sink. Many callers at once, so that rows really share
 * batches. Subclasses choose the database.
 */
abstract class DatabaseSinkWriterTest {

    private static final OffsetDateTime T0 = OffsetDateTime.of(2026, 3, 19, 10, 0, 0, 0, ZoneOffset.UTC);

    private final DefaultCamelContext camel = new DefaultCamelContext();
    private final ExecutorService callers = Executors.newFixedThreadPool(32);
    private TestDatabase database;
    private DatabaseSinkWriter writer;
    JdbcTemplate jdbc;

    @BeforeEach
    void migrate(TestDatabase database) {
        this.database = database.migrated();
    }

    private DatabaseSinkWriter writer() throws Exception {
        if (writer == null) {
            DataSource dataSource = database.dataSource();
            jdbc = new JdbcTemplate(dataSource);
            camel.start();
            writer = new DatabaseSinkWriter(camel, jdbc, new TransactionTemplate(new DataSourceTransactionManager(dataSource)),
                    database.postgres() ? SqlDialect.POSTGRESQL : SqlDialect.H2, 64);
            writer.start();
        }
        return writer;
    }

    @AfterEach
    void stop() {
        if (writer != null) {
            writer.stop();
        }
        callers.shutdownNow();
        camel.stop();
    }

    @Test
    void everyStatusOfManyMessagesWrittenAtOnceInAnyOrderLeavesEachMessageAtItsHighestStatus() throws Exception {
        DatabaseSinkWriter sink = writer();
        List<MessageStatusRow> rows = new ArrayList<>();
        String[] statuses = {"read", "sent", "delivered"};
        for (int message = 0; message < 100; message++) {
            for (int i = 0; i < statuses.length; i++) {
                rows.add(status("wamid." + message, statuses[(message + i) % 3], "evt_" + message + "_" + i));
            }
        }
        all(rows, sink::storeStatus);

        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM message_status", Integer.class)).isEqualTo(100);
        assertThat(jdbc.queryForList("SELECT DISTINCT status FROM message_status", String.class)).containsExactly("read");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM message_status WHERE sent_at IS NULL OR delivered_at IS NULL "
                + "OR read_at IS NULL OR status_rank <> 3", Integer.class)).as("every status keeps its own time").isZero();
        assertThat(jdbc.queryForObject("SELECT last_event_id FROM message_status WHERE message_id = 'wamid.0'", String.class))
                .as("the event that moved it last").isEqualTo("evt_0_0");
    }

    @Test
    void aLateStatusNeverMovesAMessageBackButAFailureKeepsItsCodeAndText() throws Exception {
        DatabaseSinkWriter sink = writer();
        sink.storeStatus(status("wamid.late", "read", "evt_read"));
        sink.storeStatus(status("wamid.late", "sent", "evt_sent"));
        sink.storeStatus(status("wamid.late", "failed", "evt_failed", "131026", "Message undeliverable"));
        sink.storeStatus(status("wamid.late", "delivered", "evt_delivered"));

        Map<String, Object> row = jdbc.queryForMap("SELECT * FROM message_status WHERE message_id = 'wamid.late'");
        assertThat(row.get("status")).isEqualTo("failed");
        assertThat(row.get("error_code")).isEqualTo("131026");
        assertThat(row.get("last_event_id")).isEqualTo("evt_failed");
        assertThat(row.get("delivered_at")).as("a late status still records its time").isNotNull();
    }

    @Test
    void anEventStoredTwiceAmongOthersIsStoredOnceAsFirstWritten() throws Exception {
        DatabaseSinkWriter sink = writer();
        List<VobizEventRow> rows = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            rows.add(event("evt_" + (i % 150), "{\"n\":" + i + "}"));
        }
        sink.storeEvent(event("evt_0", "{\"first\":true}"));
        all(rows, sink::storeEvent);

        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM vobiz_event", Integer.class)).isEqualTo(150);
        assertThat(jdbc.queryForObject("SELECT payload FROM vobiz_event WHERE event_id = 'evt_0'", String.class))
                .isEqualTo("{\"first\":true}");
    }

    @Test
    void aRowTheDatabaseRefusesFailsOnlyItsOwnCallerNotTheOthersOfItsBatch() throws Exception {
        DatabaseSinkWriter sink = writer();
        List<VobizEventRow> rows = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            rows.add(event("evt_ok_" + i, "{}"));
        }
        rows.add(50, new VobizEventRow("evt_refused", "x".repeat(101), T0, T0, "ch_1", "{}", T0, "vobiz"));

        List<CompletableFuture<Void>> results = submitAll(rows, sink::storeEvent);
        for (int i = 0; i < results.size(); i++) {
            if (i == 50) {
                assertThatThrownBy(results.get(i)::join).hasRootCauseInstanceOf(java.sql.SQLException.class);
            } else {
                results.get(i).join();
            }
        }
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM vobiz_event", Integer.class)).isEqualTo(100);
    }

    @Test
    void aCampaignReportedAgainKeepsOneRowWithTheLatestTotalsAndTheNameItWasGivenBefore() throws Exception {
        DatabaseSinkWriter sink = writer();
        sink.storeCampaignResult(new CampaignResultRow("cmp_1", "Spring sale", 10, 9, 8, 7, 1, T0, "evt_first"));
        sink.storeCampaignResult(new CampaignResultRow("cmp_1", null, 12, 11, null, 9, 1, null, "evt_second"));

        Map<String, Object> row = jdbc.queryForMap("SELECT * FROM campaign_result WHERE campaign_id = 'cmp_1'");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM campaign_result", Integer.class)).isEqualTo(1);
        assertThat(row.get("name")).isEqualTo("Spring sale");
        assertThat(row.get("total_count")).isEqualTo(12);
        assertThat(row.get("delivered_count")).as("a total the report leaves out is not known any more").isNull();
        assertThat(row.get("completed_at")).isNull();
        assertThat(row.get("last_event_id")).isEqualTo("evt_second");
    }

    private interface Store<R> {
        void store(R row) throws Exception;
    }

    private <R> void all(List<R> rows, Store<R> store) {
        submitAll(rows, store).forEach(CompletableFuture::join);
    }

    private <R> List<CompletableFuture<Void>> submitAll(List<R> rows, Store<R> store) {
        return rows.stream().map(row -> CompletableFuture.runAsync(() -> {
            try {
                store.store(row);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, callers)).toList();
    }

    private static MessageStatusRow status(String messageId, String status, String eventId) {
        return status(messageId, status, eventId, null, null);
    }

    private static MessageStatusRow status(String messageId, String status, String eventId, String errorCode, String errorMessage) {
        int rank = DatabaseSinkMapping.STATUS_RANK.get(status);
        OffsetDateTime at = T0.plusMinutes(rank);
        return new MessageStatusRow(messageId, "+15550000000", "ch_1", status, rank, "sent".equals(status) ? at : null,
                "delivered".equals(status) ? at : null, "read".equals(status) ? at : null, "failed".equals(status) ? at : null,
                errorCode, errorMessage, eventId);
    }

    private static VobizEventRow event(String eventId, String payload) {
        return new VobizEventRow(eventId, "message.read", T0, T0, "ch_1", payload, T0, "vobiz");
    }
}
