package com.vobizrouter.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.vobizrouter.testsupport.SettableClock;
import com.vobizrouter.testsupport.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Leases that live as long as the work, on H2 and PostgreSQL with the real migrations: a renewed
 * lease keeps an event from other claims past its first end; a lease given back makes the event
 * due at once; a dispatcher that lost its lease can neither renew it nor write an outcome, and its
 * failed attempt is not recorded either, since the attempt and the outcome share one transaction;
 * a restarted instance takes back what its earlier life held, and only that.
 * The clock is moved by hand, so nothing waits. Subclasses choose the database.
 */
abstract class InboxLeaseTest {

    private static final Duration LEASE = Duration.ofSeconds(30);
    private static final SettableClock NOW = new SettableClock(Instant.parse("2026-03-19T10:00:00Z"));

    @BeforeEach
    void migrate(TestDatabase database) {
        database.migrated();
    }

    @Test
    void aRenewedLeaseKeepsTheEventFromOtherClaimsPastItsFirstEnd(TestDatabase database) {
        NOW.set(Instant.parse("2026-03-19T10:00:00Z"));
        InboxStore mine = store(database);
        InboxStore other = store(database);
        insertPending(database, "evt_renewed");
        InboxEvent event = single(mine.claim(10, LEASE));

        NOW.advance(Duration.ofSeconds(20));
        assertThat(mine.renew(List.of(event), LEASE)).isEqualTo(1);
        NOW.advance(Duration.ofSeconds(20));
        assertThat(other.claim(10, LEASE)).as("40 s after the claim, renewed at 20 s").isEmpty();
        NOW.advance(Duration.ofSeconds(11));
        assertThat(other.claim(10, LEASE)).as("past the renewed lease").extracting(InboxEvent::eventId).containsExactly("evt_renewed");
    }

    @Test
    void aLeaseGivenBackMakesTheEventDueAtOnce(TestDatabase database) {
        NOW.set(Instant.parse("2026-03-19T10:00:00Z"));
        InboxStore mine = store(database);
        insertPending(database, "evt_released");
        InboxEvent event = single(mine.claim(10, LEASE));
        mine.release(List.of(event));
        assertThat(store(database).claim(10, LEASE)).extracting(InboxEvent::eventId).containsExactly("evt_released");
    }

    @Test
    void aDispatcherThatLostItsLeaseCanNeitherRenewItNorRecordAnOutcome(TestDatabase database) {
        NOW.set(Instant.parse("2026-03-19T10:00:00Z"));
        InboxStore stalled = store(database);
        InboxStore other = store(database);
        insertPending(database, "evt_lost");
        InboxEvent event = single(stalled.claim(10, LEASE));
        NOW.advance(LEASE.plusSeconds(1));
        InboxEvent takenOver = single(other.claim(10, LEASE));

        assertThat(stalled.renew(List.of(event), LEASE)).isZero();
        InboxStore.FailedAttempt attempt = new InboxStore.FailedAttempt(1, "zendesk", "retry", "Zendesk answered 503");
        assertThat(stalled.reschedule(event, NOW.instant().plusSeconds(5), true, "Zendesk answered 503", attempt)).isFalse();
        assertThat(stalled.markDead(event, "zendesk", "gave up", null, attempt)).isFalse();
        JdbcTemplate jdbc = new JdbcTemplate(database.dataSource());
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM delivery_attempt", Integer.class)).isZero();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM dead_letter", Integer.class)).isZero();
        assertThat(jdbc.queryForObject("SELECT locked_by FROM inbox_event WHERE event_id = 'evt_lost'", String.class))
                .isEqualTo(takenOver.claimToken());

        assertThat(other.reschedule(takenOver, NOW.instant().plusSeconds(5), true, "Zendesk answered 503", attempt)).isTrue();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM delivery_attempt", Integer.class)).isEqualTo(1);
    }

    @Test
    void theNextLifeOfAnInstanceTakesBackItsOwnLeasesAtOnceAndNoOneElses(TestDatabase database) {
        NOW.set(Instant.parse("2026-03-19T10:00:00Z"));
        // Names that a LIKE pattern would confuse with it unless its wildcards are escaped.
        InboxStore died = store(database, "router_1:8080");
        InboxStore neighbour = store(database, "routerX1:8080");
        InboxStore longer = store(database, "router_1:80801");
        for (String id : List.of("evt_died_1", "evt_died_2")) {
            insertPending(database, id);
        }
        died.claim(2, LEASE);
        insertPending(database, "evt_neighbour");
        neighbour.claim(1, LEASE);
        insertPending(database, "evt_longer");
        longer.claim(1, LEASE);

        InboxStore restarted = store(database, "router_1:8080");
        assertThat(restarted.takeBackLeasesOf("router_1:8080")).isEqualTo(2);
        assertThat(restarted.claim(10, LEASE)).as("at once, not after the lease").extracting(InboxEvent::eventId)
                .containsExactlyInAnyOrder("evt_died_1", "evt_died_2");
        assertThat(new JdbcTemplate(database.dataSource()).queryForList(
                "SELECT event_id FROM inbox_event WHERE locked_by NOT LIKE 'router!_1:8080/%' ESCAPE '!'", String.class))
                .as("still leased by the instances that hold them").containsExactlyInAnyOrder("evt_neighbour", "evt_longer");
    }

    private static InboxEvent single(List<InboxEvent> claimed) {
        assertThat(claimed).hasSize(1);
        return claimed.get(0);
    }

    private static InboxStore store(TestDatabase database) {
        return store(database, null);
    }

    private static InboxStore store(TestDatabase database, String instance) {
        return new InboxStore(database.dataSource(), new TransactionTemplate(new DataSourceTransactionManager(database.dataSource())),
                NOW, database.postgres() ? SqlDialect.POSTGRESQL : SqlDialect.H2, instance);
    }

    private static void insertPending(TestDatabase database, String eventId) {
        new JdbcTemplate(database.dataSource()).update("INSERT INTO inbox_event (event_id, event_type, received_at, status, "
                + "next_attempt_at, payload) VALUES (?, 'message.read', ?, 'PENDING', ?, '{}')", eventId,
                java.sql.Timestamp.from(NOW.instant()), java.sql.Timestamp.from(NOW.instant()));
    }
}
