package com.vobizrouter.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.vobizrouter.testsupport.RouterInstance;
import com.vobizrouter.testsupport.TestDatabase;
import com.vobizrouter.testsupport.WebhookClient;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Upgrading a database written by the router that stored the events of {@code router.webhook}
 * under the sender's bare id (schema version 11), while every other source's were
 * {@code <source>:<id>}: afterwards every table names those events by the id a new event gets
 * ({@code vobiz:<id>}, hashed when too long), so a copy POSTed again is still a duplicate, an
 * event still pending is delivered once (its analytics row is not written twice), and the other
 * sources' rows are left as they were. Subclasses choose the database ({@code @OnH2}, {@code @OnPostgres}).
 */
abstract class EventIdsUpgradeTest {

    private static final String SECRET = "whsec_ids_upgrade";
    private static final String ADMIN_TOKEN = "ids-upgrade-admin-token";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Ids the source of router.webhook stored as sent, at the edges of the rule. */
    private static final List<String> OLD_IDS = List.of("evt_msg_read_126", "sw:abc", "x".repeat(94), "y".repeat(95),
            "z".repeat(100), "\u00e9vt_\u00fcn\u00efcode", "\ud83d\ude00".repeat(47), "\ud83d\ude00".repeat(48),
            // An id that the other's new id would be: both must still be renamed, each to its own.
            "evt_twin", "vobiz:evt_twin");

    @Test
    void everyTableNamesTheOldEventsOfTheSpecSourceByTheIdANewEventGets(TestDatabase database) {
        JdbcTemplate jdbc = atVersion11(database);
        for (int i = 0; i < OLD_IDS.size(); i++) {
            writtenByTheOldRouter(jdbc, OLD_IDS.get(i), "DONE");
            deadLetter(jdbc, OLD_IDS.get(i));
            jdbc.update("INSERT INTO campaign_result (campaign_id, last_event_id, updated_at) VALUES (?, ?, CURRENT_TIMESTAMP)",
                    "cmp_" + i, OLD_IDS.get(i));
        }
        writtenForAnotherSource(jdbc);
        // Dead letters whose events are purged: one without a ':' is the SPEC source's (every
        // other source's ids have one); one with a ':' cannot be told apart and stays as it is.
        deadLetter(jdbc, "evt_orphan");
        deadLetter(jdbc, "sw:gone");

        Flyway.configure().dataSource(database.dataSource()).load().migrate();

        List<String> renamed = OLD_IDS.stream().map(id -> EventIds.stored("vobiz", id)).toList();
        assertThat(column(jdbc, "SELECT messageId FROM CAMEL_MESSAGEPROCESSED WHERE processorName = 'vobiz-webhook'"))
                .containsExactlyInAnyOrderElementsOf(renamed);
        assertThat(column(jdbc, "SELECT messageId FROM CAMEL_MESSAGEPROCESSED WHERE processorName = 'source:sw'"))
                .containsExactly("sw:other");
        assertThat(column(jdbc, "SELECT event_id FROM inbox_event")).containsExactlyInAnyOrderElementsOf(with(renamed, "sw:other"));
        assertThat(column(jdbc, "SELECT event_id FROM vobiz_event")).containsExactlyInAnyOrderElementsOf(with(renamed, "sw:other"));
        assertThat(column(jdbc, "SELECT event_id FROM delivery_attempt"))
                .containsExactlyInAnyOrderElementsOf(with(renamed, "sw:other"));
        assertThat(column(jdbc, "SELECT event_id FROM dead_letter"))
                .containsExactlyInAnyOrderElementsOf(with(renamed, "sw:other", "vobiz:evt_orphan", "sw:gone"));
        assertThat(column(jdbc, "SELECT last_event_id FROM message_status"))
                .containsExactlyInAnyOrderElementsOf(with(renamed, "sw:other"));
        assertThat(column(jdbc, "SELECT last_event_id FROM campaign_result")).containsExactlyInAnyOrderElementsOf(renamed);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM information_schema.tables WHERE LOWER(table_name) = "
                + "'vobiz_event_id_rename' AND LOWER(table_schema) = LOWER(CURRENT_SCHEMA)", Long.class))
                .as("the upgrade's work table is gone").isZero();
    }

    @Test
    void afterTheUpgradeOldEventsAreDuplicatesAPendingOneIsDeliveredOnceAndANewOneIsStoredUnderItsSource(TestDatabase database)
            throws Exception {
        JdbcTemplate old = atVersion11(database);
        writtenByTheOldRouter(old, "evt_done_before", "DONE");
        // Delivered to the database sink (its analytics and status rows are there) when the old
        // router stopped, before the event was marked done: it is delivered again after the upgrade.
        writtenByTheOldRouter(old, "evt_pending_before", "PENDING");

        Map<String, String> settings = new HashMap<>(database.routerProperties());
        settings.put("router.webhook.secrets", SECRET);
        settings.put("router.admin.token", ADMIN_TOKEN);
        settings.put("router.dispatch.poll-interval", "50");
        try (RouterInstance router = RouterInstance.start(settings)) {
            JdbcTemplate jdbc = router.bean(JdbcTemplate.class);
            WebhookClient vobiz = new WebhookClient(router.port(), "/webhooks/vobiz", SECRET);
            awaitStatus(jdbc, "vobiz:evt_pending_before", "DONE");

            assertThat(vobiz.post(WebhookClient.event("message.read", "evt_done_before")).body())
                    .isEqualTo("{\"status\":\"duplicate\",\"event_id\":\"evt_done_before\"}");
            assertThat(vobiz.post(WebhookClient.event("message.read", "evt_pending_before")).body())
                    .isEqualTo("{\"status\":\"duplicate\",\"event_id\":\"evt_pending_before\"}");
            assertThat(vobiz.post(WebhookClient.event("message.read", "evt_after")).body())
                    .isEqualTo("{\"status\":\"accepted\",\"event_id\":\"evt_after\"}");
            awaitStatus(jdbc, "vobiz:evt_after", "DONE");

            assertThat(column(jdbc, "SELECT event_id FROM vobiz_event"))
                    .as("one analytics row per event, the pending one's not written again")
                    .containsExactlyInAnyOrder("vobiz:evt_done_before", "vobiz:evt_pending_before", "vobiz:evt_after");
            assertThat(jdbc.queryForObject("SELECT last_event_id FROM message_status WHERE message_id = ?", String.class,
                    "wamid.evt_pending_before")).isEqualTo("vobiz:evt_pending_before");
            assertThat(column(jdbc, "SELECT messageId FROM CAMEL_MESSAGEPROCESSED"))
                    .containsExactlyInAnyOrder("vobiz:evt_done_before", "vobiz:evt_pending_before", "vobiz:evt_after");

            JsonNode pending = admin(router, "/admin/events/evt_pending_before");
            assertThat(pending.get("event_id").asText()).isEqualTo("vobiz:evt_pending_before");
            assertThat(pending.get("failed_attempts")).as("its attempt before the upgrade").hasSize(1);
        }
    }

    private static JdbcTemplate atVersion11(TestDatabase database) {
        Flyway.configure().dataSource(database.dataSource()).target("11").load().migrate();
        return new JdbcTemplate(database.dataSource());
    }

    /** The rows the router before the upgrade wrote for an event of router.webhook: all under the bare id. */
    private static void writtenByTheOldRouter(JdbcTemplate jdbc, String id, String status) {
        String payload = WebhookClient.event("message.read", id);
        jdbc.update("INSERT INTO CAMEL_MESSAGEPROCESSED (processorName, messageId, createdAt) VALUES ('vobiz-webhook', ?, CURRENT_TIMESTAMP)",
                id);
        jdbc.update("INSERT INTO inbox_event (event_id, event_type, channel_id, event_timestamp, received_at, status, attempts, "
                + "next_attempt_at, payload, source) VALUES (?, 'message.read', 'ch_abc123', '2026-03-19T10:30:45Z', CURRENT_TIMESTAMP, ?, 1, "
                + "CURRENT_TIMESTAMP, ?, 'vobiz')", id, status, payload);
        jdbc.update("INSERT INTO vobiz_event (event_id, event_type, received_at, channel_id, payload, stored_at, source) "
                + "VALUES (?, 'message.read', CURRENT_TIMESTAMP, 'ch_abc123', ?, CURRENT_TIMESTAMP, 'vobiz')", id, payload);
        jdbc.update("INSERT INTO message_status (message_id, status, status_rank, read_at, last_event_id, updated_at) "
                + "VALUES (?, 'read', 3, CURRENT_TIMESTAMP, ?, CURRENT_TIMESTAMP)", "wamid." + id, id);
        jdbc.update("INSERT INTO delivery_attempt (event_id, attempt, sink, outcome, reason, at) "
                + "VALUES (?, 1, 'zendesk', 'retry', 'Zendesk answered 503', CURRENT_TIMESTAMP)", id);
    }

    /** An event of source sw, stored as <source>:<id> already: the upgrade leaves it alone. */
    private static void writtenForAnotherSource(JdbcTemplate jdbc) {
        jdbc.update("INSERT INTO CAMEL_MESSAGEPROCESSED (processorName, messageId, createdAt) VALUES ('source:sw', 'sw:other', CURRENT_TIMESTAMP)");
        jdbc.update("INSERT INTO inbox_event (event_id, event_type, received_at, status, next_attempt_at, payload, source) "
                + "VALUES ('sw:other', 'message.read', CURRENT_TIMESTAMP, 'DONE', CURRENT_TIMESTAMP, '{}', 'sw')");
        jdbc.update("INSERT INTO vobiz_event (event_id, event_type, received_at, payload, stored_at, source) "
                + "VALUES ('sw:other', 'message.read', CURRENT_TIMESTAMP, '{}', CURRENT_TIMESTAMP, 'sw')");
        jdbc.update("INSERT INTO message_status (message_id, status, status_rank, last_event_id, updated_at) "
                + "VALUES ('wamid.sw', 'read', 3, 'sw:other', CURRENT_TIMESTAMP)");
        jdbc.update("INSERT INTO delivery_attempt (event_id, attempt, sink, outcome, at) VALUES ('sw:other', 1, 'zendesk', 'retry', CURRENT_TIMESTAMP)");
        deadLetter(jdbc, "sw:other");
    }

    private static void deadLetter(JdbcTemplate jdbc, String id) {
        jdbc.update("INSERT INTO dead_letter (event_id, event_type, sink, reason, attempts, created_at) "
                + "VALUES (?, 'message.read', 'database', 'mapping', 1, CURRENT_TIMESTAMP)", id);
    }

    private static List<String> column(JdbcTemplate jdbc, String sql) {
        return jdbc.queryForList(sql, String.class);
    }

    private static List<String> with(List<String> ids, String... more) {
        List<String> all = new ArrayList<>(ids);
        all.addAll(List.of(more));
        return all;
    }

    private static void awaitStatus(JdbcTemplate jdbc, String eventId, String status) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> assertThat(
                jdbc.queryForList("SELECT status FROM inbox_event WHERE event_id = ?", String.class, eventId)).containsExactly(status));
    }

    private static JsonNode admin(RouterInstance router, String path) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + router.managementPort() + path)).header("Authorization", "Bearer " + ADMIN_TOKEN).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }
}
