package com.vobizrouter.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;

/**
 * The housekeeping routes in a running router: what each purge route leaves in every table, the
 * {@code vobiz_purged_rows_total} metric, and the {@code tables} health component. Retentions are
 * the shipped defaults; the schedulers are pushed out of the way and the routes called directly.
 * Subclasses choose the database.
 */
@CamelSpringBootTest
@AutoConfigureObservability
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "router.webhook.secrets=whsec_housekeeping",
    "router.retention.initial-delay=1h",
    "router.retention.batch-size=2",
    "router.admin.rejections-max=3",
    "management.server.port=0"
})
abstract class HousekeepingRoutesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ProducerTemplate camel;

    @LocalManagementPort
    int managementPort;

    @BeforeEach
    void emptyTables() {
        for (String table : List.of("delivery_attempt", "dead_letter", "inbox_event", "CAMEL_MESSAGEPROCESSED", "vobiz_event",
                "message_status", "campaign_result", "rejected_request")) {
            jdbc.update("DELETE FROM " + table);
        }
    }

    @Test
    void thePurgeRoutesLeaveOnlyWhatIsWithinItsRetentionInEveryTable() {
        for (int i = 0; i < 5; i++) {
            event("old_done_" + i, "DONE", daysAgo(8));
            event("old_ignored_" + i, "IGNORED", daysAgo(8));
        }
        event("recent_done", "DONE", daysAgo(1));
        event("old_pending", "PENDING", daysAgo(20));
        event("old_dead", "DEAD", daysAgo(20));
        jdbc.update("INSERT INTO dead_letter (event_id, event_type, sink, reason, attempts, created_at) "
                + "VALUES ('old_dead', 'message.read', 'database', 'refused', 1, ?)", daysAgo(19));
        jdbc.update("INSERT INTO delivery_attempt (event_id, attempt, sink, outcome, at) VALUES ('old_dead', 1, 'database', 'dead', ?)",
                daysAgo(19));
        jdbc.update("INSERT INTO delivery_attempt (event_id, attempt, sink, outcome, at) VALUES ('old_done_0', 1, 'database', 'retry', ?)",
                daysAgo(8));
        for (String[] row : new String[][] {{"old", "91", "181"}, {"recent", "89", "179"}}) {
            jdbc.update("INSERT INTO vobiz_event (event_id, event_type, received_at, payload, stored_at) VALUES (?, 'message.read', ?, '{}', ?)",
                    row[0], daysAgo(Integer.parseInt(row[1])), daysAgo(Integer.parseInt(row[1])));
            jdbc.update("INSERT INTO message_status (message_id, status, status_rank, last_event_id, updated_at) VALUES (?, 'read', 3, 'e', ?)",
                    row[0], daysAgo(Integer.parseInt(row[2])));
            jdbc.update("INSERT INTO campaign_result (campaign_id, last_event_id, updated_at) VALUES (?, 'e', ?)", row[0],
                    daysAgo(Integer.parseInt(row[2])));
        }
        for (int i = 0; i < 5; i++) {
            jdbc.update("INSERT INTO rejected_request (received_at, status, reason, detail) VALUES (?, 401, 'bad_signature', ?)",
                    daysAgo(i == 0 ? 8 : 1), "rejection " + i);
        }

        camel.sendBody("direct:purge-retention", null);
        camel.sendBody("direct:purge-idempotency-keys", null);
        camel.sendBody("direct:purge-rejections", null);

        assertThat(column("SELECT event_id FROM inbox_event")).containsExactlyInAnyOrder("recent_done", "old_pending", "old_dead");
        assertThat(column("SELECT messageId FROM CAMEL_MESSAGEPROCESSED")).as("keys go with their inbox rows, not before")
                .containsExactlyInAnyOrder("recent_done", "old_pending", "old_dead");
        assertThat(column("SELECT event_id FROM delivery_attempt")).containsExactly("old_dead");
        assertThat(column("SELECT event_id FROM dead_letter")).containsExactly("old_dead");
        assertThat(column("SELECT event_id FROM vobiz_event")).containsExactly("recent");
        assertThat(column("SELECT message_id FROM message_status")).containsExactly("recent");
        assertThat(column("SELECT campaign_id FROM campaign_result")).containsExactly("recent");
        assertThat(column("SELECT detail FROM rejected_request ORDER BY id")).containsExactly("rejection 2", "rejection 3", "rejection 4");
    }

    @Test
    void countsThePurgedRowsOfEachTableInPrometheus() throws Exception {
        double inboxBefore = metric("vobiz_purged_rows_total", "inbox_event");
        double keysBefore = metric("vobiz_purged_rows_total", "camel_messageprocessed");
        for (int i = 0; i < 3; i++) {
            event("counted_" + i, "DONE", daysAgo(8));
        }

        camel.sendBody("direct:purge-retention", null);
        camel.sendBody("direct:purge-idempotency-keys", null);

        assertThat(metric("vobiz_purged_rows_total", "inbox_event")).isEqualTo(inboxBefore + 3);
        assertThat(metric("vobiz_purged_rows_total", "camel_messageprocessed")).isEqualTo(keysBefore + 3);
        assertThat(prometheus()).containsPattern("vobiz_purged_rows_total\\{[^}]*table=\"vobiz_event\"");
    }

    @Test
    void theTablesHealthComponentShowsTheSizeOfEachTableAndIsNotPartOfReadiness() throws Exception {
        for (int i = 0; i < 4; i++) {
            event("sized_" + i, "IGNORED", daysAgo(0));
        }

        JsonNode tables = JSON.readTree(management("/actuator/health")).at("/components/tables");

        assertThat(tables.get("status").asText()).isEqualTo("UP");
        for (String table : List.of("inbox_event", "camel_messageprocessed", "vobiz_event", "delivery_attempt", "dead_letter",
                "message_status", "campaign_result", "rejected_request")) {
            assertThat(tables.at("/details/" + table + "/rows").isNumber()).as(table).isTrue();
        }
        assertSizes(tables);
        assertThat(JSON.readTree(management("/actuator/health/readiness")).at("/components/tables").isMissingNode()).isTrue();
    }

    /** The 4 rows of inbox_event and of CAMEL_MESSAGEPROCESSED, as this database reports them. */
    abstract void assertSizes(JsonNode tables);

    /** An inbox row with its key; a PENDING one is not due, so the running dispatcher leaves it alone. */
    void event(String eventId, String status, Timestamp receivedAt) {
        Timestamp due = "PENDING".equals(status) ? daysAgo(-1) : receivedAt;
        jdbc.update("INSERT INTO inbox_event (event_id, event_type, received_at, status, next_attempt_at, payload) "
                + "VALUES (?, 'message.read', ?, ?, ?, '{}')", eventId, receivedAt, status, due);
        jdbc.update("INSERT INTO CAMEL_MESSAGEPROCESSED (processorName, messageId, createdAt) VALUES ('vobiz-webhook', ?, ?)", eventId,
                receivedAt);
    }

    static Timestamp daysAgo(int days) {
        return Timestamp.from(Instant.now().minus(Duration.ofDays(days)));
    }

    List<String> column(String sql) {
        return jdbc.queryForList(sql, String.class);
    }

    String management(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + path)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    String prometheus() throws Exception {
        return management("/actuator/prometheus");
    }

    double metric(String name, String table) throws Exception {
        Matcher matcher = Pattern.compile("^" + Pattern.quote(name) + "\\{[^}]*table=\"" + Pattern.quote(table) + "\"[^}]*\\} (\\S+)$",
                Pattern.MULTILINE).matcher(prometheus());
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
    }
}
