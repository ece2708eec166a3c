package com.vobizrouter.sink.sql;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.vobizrouter.dispatch.DispatchKeys;
import com.vobizrouter.dispatch.Mapping;
import com.vobizrouter.dispatch.MappingException;
import com.vobizrouter.dispatch.Mappings;
import com.vobizrouter.dispatch.SinkBudgets;
import com.vobizrouter.dispatch.SinkParkedException;
import com.vobizrouter.inbox.EventView;
import com.vobizrouter.inbox.InboxEvent;
import com.vobizrouter.sink.EventJson;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.apache.camel.Exchange;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * Delivers one event to one configured {@code sql} destination (bean {@code sqlDestinations},
 * route {@code sql-destination}): runs the destination's statement on its own database, its
 * {@code :name} parameters filled from the router's values of the event ({@code :event_id},
 * {@code :type}, {@code :source}, {@code :channel_id}, {@code :received_at}, {@code :payload}, the
 * event as sent) and, over those, the fields of the object its mapping makes. A parameter the
 * statement names and neither gives is an error the database would make of a typo: the delivery
 * is dead-lettered saying which. Text, numbers, booleans and null are bound as such; an object or
 * array as its JSON text.
 *
 * <p>Each destination has its own small pool (Hikari, {@code pool-size}), which connects when
 * the first event is delivered: a company database that is down at start-up does not stop the
 * router, and its deliveries are retried like any other (the failures are Spring's: a database
 * out of reach is transient, a refused statement permanent). A statement must be safe to run
 * twice for one event (an upsert, or an insert that ignores a duplicate): an event is delivered
 * at least once.
 */
public class SqlDestinations implements AutoCloseable {

    /** Exchange property naming the destination to deliver to (read). */
    public static final String DESTINATION = com.vobizrouter.dispatch.Deliveries.DESTINATION;

    private final Map<String, Target> targets = new LinkedHashMap<>();
    private final SinkBudgets sinkBudgets;
    private final Mappings mappings;

    private record Target(SqlDestination destination, HikariDataSource pool, NamedParameterJdbcTemplate jdbc) {
    }

    public SqlDestinations(List<SqlDestination> destinations, SinkBudgets sinkBudgets, Mappings mappings) {
        for (SqlDestination destination : destinations) {
            HikariDataSource pool = pool(destination);
            JdbcTemplate template = new JdbcTemplate(pool);
            template.setQueryTimeout((int) Math.max(1, destination.timeout().toSeconds()));
            targets.put(destination.name(), new Target(destination, pool, new NamedParameterJdbcTemplate(template)));
        }
        this.sinkBudgets = sinkBudgets;
        this.mappings = mappings;
    }

    private static HikariDataSource pool(SqlDestination destination) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("destination-" + destination.name());
        config.setJdbcUrl(destination.url());
        config.setUsername(destination.username());
        config.setPassword(destination.password());
        config.setMaximumPoolSize(destination.poolSize());
        config.setMinimumIdle(0);
        config.setConnectionTimeout(Math.max(250, destination.timeout().toMillis()));
        // Connect on first use: the router starts whether or not the company's database is up.
        config.setInitializationFailTimeout(-1);
        return new HikariDataSource(config);
    }

    /**
     * Runs the statement of the destination named by exchange property {@value #DESTINATION} for
     * the event in {@link DispatchKeys#EVENT}: mapped first (a mapping that fails makes no call
     * and spends no budget), then one from the destination's budget, then the statement.
     *
     * @throws SinkParkedException when no sql destination has that name
     * @throws MappingException    when the mapping fails or gives something other than an object
     */
    public void deliver(Exchange exchange) {
        String name = exchange.getProperty(DESTINATION, String.class);
        Target target = name == null ? null : targets.get(name);
        if (target == null) {
            throw new SinkParkedException(name == null ? "sql" : name, "no sql destination of that name is configured");
        }
        InboxEvent event = exchange.getProperty(DispatchKeys.EVENT, InboxEvent.class);
        if (event == null) {
            throw new IllegalStateException("no event to deliver (exchange property " + DispatchKeys.EVENT + ")");
        }
        exchange.setProperty(DispatchKeys.SINK, name);
        MapSqlParameterSource parameters = parameters(name, event, exchange);
        sinkBudgets.take(name);
        target.jdbc().update(target.destination().statement(), parameters);
    }

    /**
     * The statement the destination would run for the event on the exchange and its parameters,
     * for a dry run; no budget is taken and nothing is run.
     */
    public Map<String, Object> preview(Exchange exchange) {
        String name = exchange.getProperty(DESTINATION, String.class);
        Target target = name == null ? null : targets.get(name);
        if (target == null) {
            throw new SinkParkedException(name == null ? "sql" : name, "no sql destination of that name is configured");
        }
        InboxEvent event = exchange.getProperty(DispatchKeys.EVENT, InboxEvent.class);
        Map<String, Object> preview = new LinkedHashMap<>();
        preview.put("statement", target.destination().statement());
        preview.put("parameters", parameters(name, event, exchange).getValues());
        return preview;
    }

    private MapSqlParameterSource parameters(String name, InboxEvent event, Exchange exchange) {
        MapSqlParameterSource parameters = new MapSqlParameterSource();
        parameters.addValue("event_id", event.eventId());
        parameters.addValue("type", event.eventType());
        parameters.addValue("source", event.source());
        parameters.addValue("channel_id", event.channelId());
        parameters.addValue("received_at", event.receivedAt() == null ? null : event.receivedAt().toString());
        parameters.addValue("payload", event.payload());
        if (mappings.has(name, Mappings.BODY)) {
            EventView view = EventJson.view(exchange);
            JsonNode mapped = mappings.apply(name, Mappings.BODY, view);
            if (!mapped.isObject()) {
                throw new MappingException("the mapping of " + name + " must give an object of the statement's parameters, not "
                        + Mapping.kind(mapped));
            }
            for (Iterator<Map.Entry<String, JsonNode>> fields = mapped.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                parameters.addValue(field.getKey(), value(field.getValue()));
            }
        }
        return parameters;
    }

    /** A JSON value as the JDBC value bound for it. */
    static Object value(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isIntegralNumber()) {
            return node.canConvertToLong() ? (Object) node.longValue() : node.bigIntegerValue();
        }
        if (node.isNumber()) {
            return node.decimalValue();
        }
        return node.toString();
    }

    /** Whether a destination of this name is configured. */
    public boolean has(String name) {
        return targets.containsKey(name);
    }

    @Override
    public void close() {
        targets.values().forEach(target -> target.pool().close());
    }
}
