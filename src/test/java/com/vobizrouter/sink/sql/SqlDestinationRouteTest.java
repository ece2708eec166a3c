package com.vobizrouter.sink.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.vobizrouter.dispatch.DispatchKeys;
import com.vobizrouter.dispatch.Failure;
import com.vobizrouter.dispatch.FailureClassifier;
import com.vobizrouter.dispatch.Mapping;
import com.vobizrouter.dispatch.MappingException;
import com.vobizrouter.dispatch.Mappings;
import com.vobizrouter.inbox.EventKeys;
import com.vobizrouter.inbox.EventView;
import com.vobizrouter.inbox.InboxEvent;
import com.vobizrouter.testsupport.StubBudgets;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The route of routes/sql-destination.camel.yaml, as written, in a plain Camel context, against a
 * company database of its own (an H2 database apart from the router's): what the statement
 * writes, and what each failure means.
 */
class SqlDestinationRouteTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String DELIVERED = """
            {"event":"message.delivered","event_id":"evt_9","timestamp":"2026-12-07T10:00:00Z","channel_id":"ch_1",
             "data":{"message_id":"wamid.77","status":"delivered","order":{"id":"ord-1042"},"price":12.5,"paid":true}}""";

    private final String url = "jdbc:h2:mem:orders-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1";
    private final JdbcTemplate orders = new JdbcTemplate(new DriverManagerDataSource(url));
    private final StubBudgets budgets = new StubBudgets();
    private final List<String> done = new ArrayList<>();
    private final FailureClassifier classifier = new FailureClassifier(List.of());
    private SqlDestinations destinations;
    private CamelContext camel;
    private ProducerTemplate producer;

    /** Stands in for inboxDispatcher: counts the deliveries that reached the end of the route. */
    public class SinkDone {
        public synchronized void sinkDone(Exchange exchange) {
            done.add(exchange.getProperty(DispatchKeys.SINK, String.class));
        }
    }

    @BeforeEach
    void start() throws Exception {
        orders.execute("CREATE TABLE order_status (order_id VARCHAR(40) PRIMARY KEY, status VARCHAR(20), price DECIMAL(10,2),"
                + " paid BOOLEAN, event_id VARCHAR(200), raw VARCHAR(2000))");
        orders.execute("CREATE TABLE event_log (event_id VARCHAR(200) PRIMARY KEY, type VARCHAR(60), source VARCHAR(40), payload VARCHAR(4000))");
        destinations = new SqlDestinations(List.of(
                SqlDestination.of("orders", url, null, null, """
                        MERGE INTO order_status (order_id, status, price, paid, event_id, raw)
                        KEY (order_id) VALUES (:order_id, :status, :price, :paid, :event_id, :raw);""", 2, Duration.ofSeconds(5)),
                SqlDestination.of("log", url, null, null,
                        "MERGE INTO event_log (event_id, type, source, payload) KEY (event_id) VALUES (:event_id, :type, :source, :payload)",
                        1, Duration.ofSeconds(5)),
                SqlDestination.of("typo", url, null, null, "INSERT INTO event_log (event_id) VALUES (:evnt_id)", 1, Duration.ofSeconds(5)),
                SqlDestination.of("down", "jdbc:postgresql://127.0.0.1:1/none", "u", "p", "SELECT 1", 1, Duration.ofMillis(500))),
                budgets, new Mappings(Map.of("orders", Map.of(Mappings.BODY, Mapping.compile("""
                        {order_id: (.data.order.id // error("no order id")), status: .data.status, price: .data.price,
                         paid: .data.paid, raw: .data.order}""", MAPPER))), MAPPER));
        camel = new DefaultCamelContext();
        camel.getRegistry().bind("sqlDestinations", destinations);
        camel.getRegistry().bind("inboxDispatcher", new SinkDone());
        var loader = PluginHelper.getRoutesLoader(camel);
        var resources = PluginHelper.getResourceLoader(camel);
        loader.loadRoutes(resources.resolveResource("file:routes/sink-errors.camel.yaml"),
                resources.resolveResource("file:routes/sql-destination.camel.yaml"));
        camel.start();
        producer = camel.createProducerTemplate();
    }

    @AfterEach
    void stop() {
        camel.stop();
        destinations.close();
        orders.execute("SHUTDOWN");
    }

    @Test
    void theStatementRunsWithTheMappingsFieldsAsParametersTypedAsTheJsonWas() {
        Exchange exchange = deliver("orders", DELIVERED);

        assertThat(exchange.getException()).isNull();
        assertThat(orders.queryForMap("SELECT * FROM order_status")).containsEntry("ORDER_ID", "ord-1042")
                .containsEntry("STATUS", "delivered").containsEntry("PAID", true).containsEntry("EVENT_ID", "vobiz:evt_9")
                .containsEntry("RAW", "{\"id\":\"ord-1042\"}");
        assertThat(orders.queryForObject("SELECT price FROM order_status", Double.class)).isEqualTo(12.5);
        assertThat(done).containsExactly("orders");
        assertThat(budgets.taken).containsExactly("orders");
    }

    @Test
    void anUpsertStatementDeliveredTwiceLeavesOneRow() {
        deliver("orders", DELIVERED);
        Exchange again = deliver("orders", DELIVERED.replace("delivered\",\"order", "read\",\"order"));

        assertThat(again.getException()).isNull();
        assertThat(orders.queryForList("SELECT status FROM order_status", String.class)).containsExactly("read");
    }

    @Test
    void withoutAMappingTheRoutersOwnValuesFillTheParameters() {
        Exchange exchange = deliver("log", DELIVERED);

        assertThat(exchange.getException()).isNull();
        assertThat(orders.queryForMap("SELECT * FROM event_log")).containsEntry("EVENT_ID", "vobiz:evt_9")
                .containsEntry("TYPE", "message.delivered").containsEntry("SOURCE", "vobiz").containsEntry("PAYLOAD", DELIVERED);
    }

    @Test
    void aMappingThatFailsOnTheEventIsPermanentMakesNoStatementAndSpendsNoBudget() {
        Exchange exchange = deliver("orders", DELIVERED.replace("\"order\":{\"id\":\"ord-1042\"},", ""));

        assertThat(exchange.getException()).isInstanceOf(MappingException.class).hasMessageContaining("no order id");
        assertThat(classifier.classify(exchange.getException()).kind()).isEqualTo(Failure.Kind.PERMANENT);
        assertThat(orders.queryForObject("SELECT count(*) FROM order_status", Integer.class)).isZero();
        assertThat(budgets.taken).isEmpty();
        assertThat(done).isEmpty();
    }

    @Test
    void aParameterNothingFillsIsAPermanentFailureNamingIt() {
        Exchange exchange = deliver("typo", DELIVERED);

        Failure failure = classifier.classify(exchange.getException());
        assertThat(failure.kind()).isEqualTo(Failure.Kind.PERMANENT);
        assertThat(failure.reason()).contains("evnt_id");
    }

    @Test
    void aDatabaseOutOfReachIsTransient() {
        Exchange exchange = deliver("down", DELIVERED);

        assertThat(classifier.classify(exchange.getException()).kind()).isEqualTo(Failure.Kind.TRANSIENT);
        assertThat(done).isEmpty();
    }

    @Test
    void badSettingsAreRefusedNamingTheirKey() {
        assertThatThrownBy(() -> SqlDestination.of("o", "postgres://x", null, null, "SELECT 1", 1, Duration.ofSeconds(1)))
                .hasMessageStartingWith("url: ");
        assertThatThrownBy(() -> SqlDestination.of("o", "jdbc:nosuchdb://x", null, null, "SELECT 1", 1, Duration.ofSeconds(1)))
                .hasMessageStartingWith("url: no JDBC driver");
        assertThatThrownBy(() -> SqlDestination.of("o", url, null, null, " ", 1, Duration.ofSeconds(1))).hasMessageStartingWith("statement: ");
        assertThatThrownBy(() -> SqlDestination.of("o", url, null, null, "DELETE FROM a; DROP TABLE b", 1, Duration.ofSeconds(1)))
                .hasMessageStartingWith("statement: must be one statement");
        assertThat(SqlDestination.of("o", url, null, null, "INSERT INTO a VALUES ('x;y');", 1, Duration.ofSeconds(1)).statement())
                .isEqualTo("INSERT INTO a VALUES ('x;y')");
        assertThatThrownBy(() -> SqlDestination.of("o", url, null, null, "SELECT 1", 0, Duration.ofSeconds(1))).hasMessageStartingWith("pool-size: ");
        assertThatThrownBy(() -> SqlDestination.of("o", url, null, "secret", "SELECT 1", 1, Duration.ofSeconds(1)))
                .hasMessageStartingWith("username: ");
        assertThat(SqlDestination.of("o", url, "u", "secret", "SELECT 1", 1, Duration.ofSeconds(1)).toString()).doesNotContain("secret");
    }

    private Exchange deliver(String destination, String payload) {
        return producer.send("direct:sql-destination", exchange -> {
            InboxEvent event = new InboxEvent(9, "vobiz:evt_9", "message.delivered", "ch_1", "2026-12-07T10:00:00Z",
                    Instant.parse("2026-12-07T10:00:01Z"), 0, payload, "claim");
            exchange.setProperty(SqlDestinations.DESTINATION, destination);
            exchange.setProperty(DispatchKeys.EVENT, event);
            exchange.setProperty(EventKeys.VIEW, EventView.of(event, MAPPER));
        });
    }
}
