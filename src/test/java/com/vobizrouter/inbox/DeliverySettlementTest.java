package com.vobizrouter.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.vobizrouter.testsupport.SettableClock;
import com.vobizrouter.testsupport.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What one dispatch did to an event's deliveries, written by {@link InboxStore#settle} with the
 * real migrations: the event's state follows from all its deliveries (PENDING while one waits,
 * due when the earliest is; DEAD when all ended and one died; DONE), a later settlement updates
 * only the rows it names, a dead letter replayed meanwhile makes the event PENDING again with that
 * destination only, and a dispatcher that lost its lease writes nothing. Subclasses choose the database.
 */
abstract class DeliverySettlementTest {

    private static final Duration LEASE = Duration.ofSeconds(30);
    private static final SettableClock NOW = new SettableClock(Instant.parse("2026-03-19T10:00:00Z"));

    @BeforeEach
    void migrate(TestDatabase database) {
        database.migrated();
        NOW.set(Instant.parse("2026-03-19T10:00:00Z"));
    }

    @Test
    void anEventWaitsForItsEarliestPendingDeliveryAndKeepsTheOthersDone(TestDatabase database) {
        InboxStore store = store(database);
        insertPending(database, "evt_partly");
        InboxEvent event = claimOne(store).withDestinations("analytics,chatbot,salesforce");
        Instant retry = NOW.instant().plusSeconds(4);

        String status = store.settle(event, List.of(
                new DeliveryRow("analytics", DeliveryRow.DONE, 0, null, null),
                new DeliveryRow("chatbot", DeliveryRow.PENDING, 1, retry, "chatbot answered 503"),
                new DeliveryRow("salesforce", DeliveryRow.PENDING, 0, NOW.instant().plusSeconds(30), "salesforce is parked: no credentials")),
                List.of(new InboxStore.FailedAttempt(1, "chatbot", "retry", "chatbot answered 503")), List.of());

        assertThat(status).isEqualTo(DeliveryRow.PENDING);
        Map<String, Object> row = inboxRow(database, "evt_partly");
        assertThat(row.get("status")).isEqualTo("PENDING");
        assertThat(((Timestamp) row.get("next_attempt_at")).toInstant()).isEqualTo(retry);
        assertThat(row.get("destinations")).isEqualTo("analytics,chatbot,salesforce");
        assertThat(row.get("last_error")).isEqualTo("chatbot answered 503");
        assertThat(row.get("locked_by")).as("the lease is given back").isNull();
        assertThat(store.deliveries(event)).extracting(DeliveryRow::destination, DeliveryRow::status)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("analytics", "DONE"),
                        org.assertj.core.groups.Tuple.tuple("chatbot", "PENDING"), org.assertj.core.groups.Tuple.tuple("salesforce", "PENDING"));
        assertThat(new JdbcTemplate(database.dataSource()).queryForObject("SELECT sink FROM delivery_attempt", String.class))
                .isEqualTo("chatbot");
    }

    @Test
    void aLaterSettlementChangesOnlyTheDeliveriesItNamesAndEndsDeadWhenOneDied(TestDatabase database) {
        InboxStore store = store(database);
        insertPending(database, "evt_dies");
        InboxEvent first = claimOne(store).withDestinations("analytics,chatbot");
        store.settle(first, List.of(new DeliveryRow("analytics", DeliveryRow.DONE, 0, null, null),
                new DeliveryRow("chatbot", DeliveryRow.PENDING, 1, NOW.instant().plusSeconds(1), "chatbot answered 503")), List.of(), List.of());
        NOW.advance(Duration.ofSeconds(2));
        InboxEvent second = claimOne(store);
        assertThat(second.destinations()).isEqualTo("analytics,chatbot");

        String status = store.settle(second, List.of(new DeliveryRow("chatbot", DeliveryRow.DEAD, 2, null, "chatbot answered 404")),
                List.of(new InboxStore.FailedAttempt(2, "chatbot", "dead", "chatbot answered 404")),
                List.of(new InboxStore.DeadLetter("chatbot", "chatbot answered 404", "no such hook", 2)));

        assertThat(status).isEqualTo(DeliveryRow.DEAD);
        assertThat(inboxRow(database, "evt_dies").get("status")).isEqualTo("DEAD");
        assertThat(store.deliveries(second)).filteredOn(d -> d.destination().equals("analytics")).extracting(DeliveryRow::status)
                .containsExactly("DONE");
        JdbcTemplate jdbc = new JdbcTemplate(database.dataSource());
        assertThat(jdbc.queryForMap("SELECT sink, sink_response, attempts FROM dead_letter WHERE event_id = 'evt_dies'"))
                .containsValues("chatbot", "no such hook", 2);
    }

    @Test
    void aReplayedDeadLetterMakesOnlyItsOwnDeliveryPendingAgain(TestDatabase database) {
        InboxStore store = store(database);
        insertPending(database, "evt_replayed");
        InboxEvent event = claimOne(store).withDestinations("analytics,chatbot");
        store.settle(event, List.of(new DeliveryRow("analytics", DeliveryRow.DONE, 0, null, null),
                new DeliveryRow("chatbot", DeliveryRow.DEAD, 1, null, "chatbot answered 400")), List.of(),
                List.of(new InboxStore.DeadLetter("chatbot", "chatbot answered 400", null, 1)));
        long deadLetter = new JdbcTemplate(database.dataSource()).queryForObject("SELECT id FROM dead_letter", Long.class);

        assertThat(new InboxQueries(database.dataSource(), new DataSourceTransactionManager(database.dataSource()), NOW).replay(deadLetter))
                .contains("evt_replayed");

        assertThat(inboxRow(database, "evt_replayed").get("status")).isEqualTo("PENDING");
        InboxEvent again = claimOne(store);
        assertThat(store.deliveries(again)).extracting(DeliveryRow::destination, DeliveryRow::status, DeliveryRow::attempts)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("analytics", "DONE", 0),
                        org.assertj.core.groups.Tuple.tuple("chatbot", "PENDING", 0));
        assertThat(store.settle(again, List.of(new DeliveryRow("chatbot", DeliveryRow.DONE, 0, null, null)), List.of(), List.of()))
                .isEqualTo(DeliveryRow.DONE);
        assertThat(inboxRow(database, "evt_replayed").get("dispatched_at")).isNotNull();
    }

    @Test
    void aDispatcherThatLostItsLeaseSettlesNothing(TestDatabase database) {
        InboxStore stalled = store(database);
        insertPending(database, "evt_stalled");
        InboxEvent event = claimOne(stalled).withDestinations("chatbot");
        NOW.advance(LEASE.plusSeconds(1));
        claimOne(store(database));

        assertThat(stalled.settle(event, List.of(new DeliveryRow("chatbot", DeliveryRow.DEAD, 1, null, "x")), List.of(),
                List.of(new InboxStore.DeadLetter("chatbot", "x", null, 1)))).isNull();
        JdbcTemplate jdbc = new JdbcTemplate(database.dataSource());
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM delivery", Integer.class)).isZero();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM dead_letter", Integer.class)).isZero();
    }

    @Test
    void anEventDeliveredEverywhereAtOnceKeepsItsDestinationsWithoutDeliveryRows(TestDatabase database) {
        InboxStore store = store(database);
        insertPending(database, "evt_done");
        InboxEvent event = claimOne(store).withDestinations("analytics,messagestatus");

        assertThat(store.markDone(event)).isTrue();

        assertThat(inboxRow(database, "evt_done")).containsEntry("status", "DONE").containsEntry("destinations", "analytics,messagestatus");
        assertThat(new JdbcTemplate(database.dataSource()).queryForObject("SELECT COUNT(*) FROM delivery", Integer.class)).isZero();
        Map<String, Object> shown = new InboxQueries(database.dataSource(), new DataSourceTransactionManager(database.dataSource()), NOW)
                .event("evt_done").orElseThrow();
        assertThat(shown.get("deliveries").toString()).contains("destination=analytics, status=DONE")
                .contains("destination=messagestatus, status=DONE");
    }

    @Test
    void settlementsWrittenTogetherEachKeepToTheirOwnLeaseAndTheirRowsAreReadBackWithTheNextClaim(TestDatabase database) {
        InboxStore mine = store(database);
        insertPending(database, "evt_kept");
        insertPending(database, "evt_lost");
        List<InboxEvent> claimed = mine.claim(10, LEASE);
        InboxEvent kept = claimed.stream().filter(e -> e.eventId().equals("evt_kept")).findFirst().orElseThrow().withDestinations("chatbot");
        InboxEvent lost = claimed.stream().filter(e -> e.eventId().equals("evt_lost")).findFirst().orElseThrow().withDestinations("chatbot");
        new JdbcTemplate(database.dataSource()).update("UPDATE inbox_event SET locked_by = 'another' WHERE event_id = 'evt_lost'");
        Instant due = NOW.instant().plusSeconds(2);

        String[] statuses = mine.settle(List.of(
                new InboxStore.Settlement(lost, List.of(new DeliveryRow("chatbot", DeliveryRow.PENDING, 1, due, "x")), List.of(), List.of()),
                new InboxStore.Settlement(kept, List.of(new DeliveryRow("chatbot", DeliveryRow.PENDING, 1, due, "chatbot answered 503")),
                        List.of(), List.of())));

        assertThat(statuses).containsExactly(null, DeliveryRow.PENDING);
        NOW.advance(Duration.ofSeconds(3));
        List<InboxEvent> again = mine.claim(10, LEASE);
        assertThat(again).extracting(InboxEvent::eventId).containsExactly("evt_kept");
        assertThat(mine.deliveries(again)).containsOnlyKeys(kept.id());
        assertThat(mine.deliveries(again).get(kept.id())).extracting(DeliveryRow::destination, DeliveryRow::attempts)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("chatbot", 1));
    }

    @Test
    void purgingAnEventPurgesItsDeliveries(TestDatabase database) {
        InboxStore store = store(database);
        insertPending(database, "evt_purged");
        InboxEvent event = claimOne(store).withDestinations("chatbot");
        store.settle(event, List.of(new DeliveryRow("chatbot", DeliveryRow.PENDING, 1, NOW.instant(), "x")), List.of(), List.of());
        JdbcTemplate jdbc = new JdbcTemplate(database.dataSource());

        jdbc.update("DELETE FROM inbox_event WHERE event_id = 'evt_purged'");

        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM delivery", Integer.class)).isZero();
    }

    private static InboxEvent claimOne(InboxStore store) {
        List<InboxEvent> claimed = store.claim(10, LEASE);
        assertThat(claimed).hasSize(1);
        return claimed.get(0);
    }

    private static Map<String, Object> inboxRow(TestDatabase database, String eventId) {
        Map<String, Object> row = new java.util.HashMap<>();
        new JdbcTemplate(database.dataSource()).queryForMap("SELECT status, next_attempt_at, destinations, last_error, locked_by, "
                + "dispatched_at FROM inbox_event WHERE event_id = ?", eventId).forEach((key, value) -> row.put(key.toLowerCase(),
                value instanceof java.time.OffsetDateTime time ? Timestamp.from(time.toInstant()) : value));
        return row;
    }

    private static InboxStore store(TestDatabase database) {
        return new InboxStore(database.dataSource(), new TransactionTemplate(new DataSourceTransactionManager(database.dataSource())),
                NOW, database.postgres() ? SqlDialect.POSTGRESQL : SqlDialect.H2, null);
    }

    private static void insertPending(TestDatabase database, String eventId) {
        new JdbcTemplate(database.dataSource()).update("INSERT INTO inbox_event (event_id, event_type, received_at, status, "
                + "next_attempt_at, payload) VALUES (?, 'message.read', ?, 'PENDING', ?, '{}')", eventId,
                Timestamp.from(NOW.instant()), Timestamp.from(NOW.instant()));
    }
}
