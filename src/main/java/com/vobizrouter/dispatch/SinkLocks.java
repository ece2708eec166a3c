package com.vobizrouter.dispatch;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.sql.DataSource;

import org.apache.camel.Exchange;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import com.vobizrouter.inbox.Digests;
import com.vobizrouter.inbox.InboxEvent;
import com.vobizrouter.inbox.InboxStore;

/**
 * Locks in the shared database (table {@code sink_lock}) for sink work that must not run twice at
 * once for the same key, on any instance (bean {@code sinkLocks}). The Zendesk sink takes one per
 * conversation: two messages of a customer delivered together would otherwise both find no open
 * ticket and both open one.
 *
 * <p>A sink route sets the exchange property {@value DispatchKeys#SINK_LOCK_KEY} and calls {@link #lock(Exchange)}; the
 * holder is this delivery of the event (its claim token and row), so only it can give the lock back
 * ({@link #unlock(Exchange)}, in a {@code doFinally}). A delivery that finds the key held fails
 * with {@link SinkBusyException} and is tried again shortly without spending an attempt. A lock
 * outlives a holder that died for at most {@code ttl} (the dispatch lease, after which that
 * holder's event is delivered again anyway); a living holder renews it with its lease
 * ({@link #renew()}).
 */
public class SinkLocks {

    /** The length of {@code sink_lock.lock_key}. */
    static final int MAX_KEY_LENGTH = 300;

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final Duration ttl;
    /** Locks held by deliveries on this instance: lock key by holder. */
    private final Map<String, String> held = new ConcurrentHashMap<>();

    public SinkLocks(DataSource dataSource, Clock clock, Duration ttl) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.clock = clock;
        this.ttl = ttl;
    }

    /** Takes the lock named by {@value DispatchKeys#SINK_LOCK_KEY} for this event's delivery, or throws {@link SinkBusyException}. */
    public void lock(Exchange exchange) {
        String key = storedKey(exchange.getProperty(DispatchKeys.SINK_LOCK_KEY, String.class));
        String holder = holder(exchange);
        if (!tryLock(key, holder)) {
            throw new SinkBusyException(key + " is being delivered by another event");
        }
        held.put(holder, key);
    }

    /** Gives the lock back, if this delivery holds it. */
    public void unlock(Exchange exchange) {
        String key = storedKey(exchange.getProperty(DispatchKeys.SINK_LOCK_KEY, String.class));
        if (key != null) {
            String holder = holder(exchange);
            held.remove(holder);
            jdbc.update("DELETE FROM sink_lock WHERE lock_key = ? AND locked_by = ?", key, holder);
        }
    }

    /** Drops the locks an earlier life of this instance held (see {@link InboxStore#takeBackLeasesOf}); returns how many. */
    public int releaseHeldBy(String instance) {
        return jdbc.update("DELETE FROM sink_lock WHERE locked_by LIKE ? ESCAPE '!'", InboxStore.likePrefix(instance));
    }

    /** Extends every lock held by a delivery on this instance, like the leases of their events. */
    public void renew() {
        List<Map.Entry<String, String>> current = List.copyOf(held.entrySet());
        if (current.isEmpty()) {
            return;
        }
        Timestamp until = Timestamp.from(clock.instant().plus(ttl));
        jdbc.batchUpdate("UPDATE sink_lock SET locked_until = ? WHERE lock_key = ? AND locked_by = ?", current, current.size(),
                (statement, lock) -> {
                    statement.setTimestamp(1, until);
                    statement.setString(2, lock.getValue());
                    statement.setString(3, lock.getKey());
                });
    }

    boolean tryLock(String key, String holder) {
        Timestamp now = Timestamp.from(clock.instant());
        Timestamp until = Timestamp.from(clock.instant().plus(ttl));
        if (jdbc.update("UPDATE sink_lock SET locked_by = ?, locked_until = ? WHERE lock_key = ? AND (locked_until < ? OR locked_by = ?)",
                holder, until, key, now, holder) == 1) {
            return true;
        }
        try {
            return jdbc.update("INSERT INTO sink_lock (lock_key, locked_by, locked_until) VALUES (?, ?, ?)", key, holder, until) == 1;
        } catch (DuplicateKeyException heldByAnother) {
            return false;
        }
    }

    /**
     * The key as stored: itself when it fits the column ({@value #MAX_KEY_LENGTH} characters), else
     * its SHA-256, so a conversation id of any length still locks (and locks only itself). Sinks
     * that keep rows per conversation key them the same way.
     */
    public static String storedKey(String key) {
        if (key == null || key.length() <= MAX_KEY_LENGTH) {
            return key;
        }
        return "sha256:" + Digests.sha256Hex(key);
    }

    /** This delivery: the claim token alone is shared by every event of one claimed batch. */
    private static String holder(Exchange exchange) {
        InboxEvent event = exchange.getProperty(DispatchKeys.EVENT, InboxEvent.class);
        return event.claimToken() + "/" + event.id();
    }
}
