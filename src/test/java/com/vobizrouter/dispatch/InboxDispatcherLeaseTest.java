package com.vobizrouter.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.vobizrouter.inbox.InboxEvent;
import com.vobizrouter.inbox.InboxStore;
import com.vobizrouter.inbox.SqlDialect;
import com.vobizrouter.testsupport.SettableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import com.vobizrouter.testsupport.ApplicationJson;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The dispatcher keeps the leases of the events it is working on and gives back what it still
 * holds when it stops: renewal moves the lease end of every held event and of nothing else, and
 * after {@link InboxDispatcher#close()} no row is leased and no new claim is made.
 */
class InboxDispatcherLeaseTest {

    private static final Duration LEASE = Duration.ofSeconds(30);
    private static final Instant START = Instant.parse("2026-03-19T10:00:00Z");

    private final DriverManagerDataSource dataSource =
            new DriverManagerDataSource("jdbc:h2:mem:dispatcher-lease-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
    private final JdbcTemplate jdbc = new JdbcTemplate(dataSource);
    private final SettableClock clock = new SettableClock(START);
    private final InboxStore inbox;
    private final InboxDispatcher dispatcher;

    InboxDispatcherLeaseTest() {
        Flyway.configure().dataSource(dataSource).load().migrate();
        inbox = new InboxStore(dataSource, new TransactionTemplate(new DataSourceTransactionManager(dataSource)), clock, SqlDialect.H2, null);
        dispatcher = new InboxDispatcher(inbox, null, new SinkStates(clock), 10, 10, LEASE, Duration.ofMillis(250), ApplicationJson.MAPPER,
                new SimpleMeterRegistry(), clock);
        for (int i = 0; i < 3; i++) {
            jdbc.update("INSERT INTO inbox_event (event_id, event_type, received_at, status, next_attempt_at, payload) "
                    + "VALUES (?, 'message.read', ?, 'PENDING', ?, '{}')", "evt_" + i, Timestamp.from(START), Timestamp.from(START));
        }
    }

    @Test
    void renewsTheLeaseOfEveryEventStillInDeliveryAndNotOfOnesThatFinished() {
        List<InboxEvent> claimed = claim();
        finish(claimed.get(0));
        clock.set(START.plusSeconds(20));
        dispatcher.renewLeases();

        assertThat(leaseEnd("evt_1")).isEqualTo(START.plusSeconds(50));
        assertThat(leaseEnd("evt_2")).isEqualTo(START.plusSeconds(50));
        assertThat(leaseEnd("evt_0")).as("finished and marked done: no lease to renew").isNull();
        assertThat(jdbc.queryForObject("SELECT status FROM inbox_event WHERE event_id = 'evt_0'", String.class)).isEqualTo("DONE");
        assertThat(dispatcher.held()).isEqualTo(2);
    }

    @Test
    void anEventClaimedALeaseAgoWhoseDispatchNeverBeganIsGivenBackNotRenewedForever() {
        List<InboxEvent> claimed = claim();
        open(claimed.get(0));
        clock.set(START.plusSeconds(31));

        dispatcher.renewLeases();

        assertThat(leaseEnd("evt_0")).as("in dispatch: renewed").isEqualTo(START.plusSeconds(61));
        assertThat(leaseEnd("evt_1")).as("its queue was dropped: given back").isNull();
        assertThat(leaseEnd("evt_2")).isNull();
        assertThat(dispatcher.held()).isEqualTo(1);
        assertThat(inbox.claim(10, LEASE)).as("due again at once for any dispatcher").extracting(InboxEvent::eventId)
                .containsExactlyInAnyOrder("evt_1", "evt_2");
        Exchange late = new DefaultExchange(new DefaultCamelContext());
        late.getIn().setBody(claimed.get(1));
        dispatcher.open(late);
        assertThat(late.isRouteStop()).as("a dispatch of an event given back does not begin").isTrue();
    }

    @Test
    void claimsNothingWhileTheDispatchRouteIsNotRunningAsDuringAReloadOfItsFile() throws Exception {
        DefaultCamelContext camel = new DefaultCamelContext();
        camel.addRoutes(new org.apache.camel.builder.RouteBuilder() {
            @Override
            public void configure() {
                from("direct:dispatch").routeId("dispatch-event").autoStartup(false).log("dispatching");
            }
        });
        camel.start();
        try {
            Exchange stopped = new DefaultExchange(camel);
            dispatcher.claim(stopped);
            assertThat(stopped.getIn().getBody(List.class)).as("dispatch route stopped").isEmpty();

            camel.getRouteController().startRoute("dispatch-event");
            Exchange running = new DefaultExchange(camel);
            dispatcher.claim(running);
            assertThat(running.getIn().getBody(List.class)).as("dispatch route running").hasSize(3);
        } finally {
            camel.stop();
        }
    }

    @Test
    void givesBackWhatItStillHoldsWhenItStopsAndClaimsNothingAfterwards() {
        claim();
        dispatcher.close();

        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM inbox_event WHERE locked_by IS NOT NULL", Integer.class)).isZero();
        assertThat(claim()).isEmpty();
        assertThat(inbox.claim(10, LEASE)).as("due at once for another instance").hasSize(3);
    }

    @SuppressWarnings("unchecked")
    private List<InboxEvent> claim() {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        dispatcher.claim(exchange);
        return exchange.getIn().getBody(List.class);
    }

    private void open(InboxEvent event) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getIn().setBody(event);
        dispatcher.open(exchange);
    }

    private void finish(InboxEvent event) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.setProperty(DispatchKeys.EVENT, event);
        inbox.markDone(event);
        dispatcher.release(exchange);
    }

    private Instant leaseEnd(String eventId) {
        Timestamp until = jdbc.queryForObject("SELECT locked_until FROM inbox_event WHERE event_id = ?", Timestamp.class, eventId);
        return until == null ? null : until.toInstant();
    }
}
