package com.vobizrouter.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import com.vobizrouter.testsupport.SettableClock;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import com.vobizrouter.inbox.InboxEvent;

/** Sink locks: one holder per key, given back only by their holder, and taken over once they ran out. */
class SinkLocksTest {

    private final SettableClock clock = new SettableClock(Instant.parse("2026-03-19T10:00:00Z"));
    private SinkLocks locks;
    private final DefaultCamelContext camel = new DefaultCamelContext();

    @BeforeEach
    void createTheTable() throws Exception {
        DriverManagerDataSource dataSource = new DriverManagerDataSource("jdbc:h2:mem:locks_" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        new JdbcTemplate(dataSource).execute(Files.readString(Path.of("src/main/resources/db/migration/V6__create_sink_lock.sql")));
        locks = new SinkLocks(dataSource, clock, Duration.ofMinutes(5));
    }

    @Test
    void aKeyHeldByOneDeliveryIsRefusedToAnotherUntilGivenBack() {
        assertThat(locks.tryLock("zendesk:conversation-1", "claim-a/1")).isTrue();
        assertThat(locks.tryLock("zendesk:conversation-1", "claim-a/2")).as("same batch, other event").isFalse();
        assertThat(locks.tryLock("zendesk:conversation-2", "claim-a/2")).as("another key").isTrue();
        assertThat(locks.tryLock("zendesk:conversation-1", "claim-a/1")).as("its holder again").isTrue();
    }

    @Test
    void onlyTheDeliveryHoldingTheLockGivesItBack() {
        Exchange holder = delivery("claim-a", 1);
        Exchange other = delivery("claim-a", 2);
        locks.lock(holder);
        assertThatThrownBy(() -> locks.lock(other)).isInstanceOf(SinkBusyException.class)
                .hasMessage("zendesk:conversation-1 is being delivered by another event");
        locks.unlock(other);
        assertThatThrownBy(() -> locks.lock(other)).as("still held").isInstanceOf(SinkBusyException.class);
        locks.unlock(holder);
        locks.lock(other);
    }

    @Test
    void aLockWhoseHolderDiedIsTakenOverOnceItRanOut() {
        assertThat(locks.tryLock("zendesk:conversation-1", "claim-a/1")).isTrue();
        clock.advance(Duration.ofMinutes(4));
        assertThat(locks.tryLock("zendesk:conversation-1", "claim-b/7")).isFalse();
        clock.advance(Duration.ofMinutes(2));
        assertThat(locks.tryLock("zendesk:conversation-1", "claim-b/7")).isTrue();
    }

    @Test
    void aKeyLongerThanItsColumnLocksByItsDigestAndOnlyItself() {
        String conversation = "zendesk:wa_" + "1".repeat(1_200);
        Exchange holder = delivery("claim-a", 1, conversation);
        Exchange other = delivery("claim-a", 2, conversation);
        Exchange neighbour = delivery("claim-a", 3, conversation + "2");
        locks.lock(holder);
        assertThatThrownBy(() -> locks.lock(other)).isInstanceOf(SinkBusyException.class);
        locks.lock(neighbour);
        locks.unlock(holder);
        locks.lock(other);
        assertThat(SinkLocks.storedKey(conversation)).hasSize(71).startsWith("sha256:");
    }

    @Test
    void theNextLifeOfAnInstanceDropsTheLocksItsEarlierLifeHeldAndNoOneElses() {
        assertThat(locks.tryLock("zendesk:conversation-1", "router_1:8080/claim-a/1")).isTrue();
        assertThat(locks.tryLock("zendesk:conversation-2", "routerX1:8080/claim-b/2")).isTrue();

        assertThat(locks.releaseHeldBy("router_1:8080")).isEqualTo(1);
        assertThat(locks.tryLock("zendesk:conversation-1", "router_1:8080/claim-c/3")).as("free at once").isTrue();
        assertThat(locks.tryLock("zendesk:conversation-2", "router_1:8080/claim-c/4")).as("another instance's").isFalse();
    }

    private Exchange delivery(String claimToken, long row) {
        return delivery(claimToken, row, "zendesk:conversation-1");
    }

    private Exchange delivery(String claimToken, long row, String key) {
        Exchange exchange = new DefaultExchange(camel);
        exchange.setProperty(DispatchKeys.EVENT, new InboxEvent(row, "evt_" + row, "message.received", null, null, clock.instant(), 0, "{}",
                claimToken));
        exchange.setProperty(DispatchKeys.SINK_LOCK_KEY, key);
        return exchange;
    }
}
