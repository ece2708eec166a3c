package com.vobizrouter.routes;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.vobizrouter.config.RouteFileCheck;
import com.vobizrouter.testsupport.FakeBusinessSystems;
import com.vobizrouter.testsupport.OnH2;
import com.vobizrouter.testsupport.RouterTest;
import com.vobizrouter.testsupport.WebhookClient;
import com.vobizrouter.testsupport.WithFakeBusinessSystems;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.opentest4j.AssertionFailedError;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ContextConfiguration;

/**
 * The route tests written in YAML ({@code routes/tests/*.test.yaml}, format in
 * routes/tests/README.md), run by {@code ./mvnw -B test -Proutes}: one router on the embedded
 * database, the routes of {@code routes/} and the settings of application.yaml plus
 * {@code routes/tests/application.yaml}, every destination replaced by a recorder (Salesforce,
 * Zendesk and http destinations by the fakes' server, sql destinations by in-memory databases of
 * their own). Each case posts its events as signed webhooks, waits until each is delivered
 * everywhere or dead, then compares what each destination received and what the tables hold with
 * what the case expects; a failure names the file, the case, the destination, what was expected
 * and what was received.
 */
@Tag("routes")
@OnH2
@RouterTest({
    "router.webhook.secrets=whsec_route_tests",
    "router.dispatch.initial-backoff=100ms",
    "router.dispatch.max-backoff=200ms",
    "router.dispatch.max-attempts=2",
    "router.dispatch.poll-interval=20",
    "router.sinks.salesforce.batch-linger=20ms",
    "router.events.enabled=contact.updated,message.received,message.sent,message.delivered,message.read,message.failed,"
            + "campaign.completed",
    "spring.config.import=optional:file:routes/tests/application.yaml",
    "logging.level.com.vobizrouter=ERROR"
})
@ContextConfiguration(initializers = RouteTestDestinations.class)
// Kafka destinations record too: their sends go to mock endpoints and never reach a broker.
@org.apache.camel.test.spring.junit5.MockEndpointsAndSkip("kafka:.*")
@WithFakeBusinessSystems
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class RouteCasesTest {

    static final Path CASES = Path.of("routes/tests");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    org.apache.camel.CamelContext camel;

    FakeBusinessSystems fakes;

    WebhookClient vobiz;

    @Autowired
    org.springframework.context.ApplicationContext context;

    @Autowired
    com.vobizrouter.dispatch.Destinations destinations;

    @Test
    void everyRouteFileMatchesTheCamelSchemaAndNamesOnlyBeansDestinationsAndPropertiesThatExist() throws IOException {
        RouteFileCheck check = RouteFileCheck.withCamelSchema();
        RouteFileCheck.Names names = new RouteFileCheck.Names(context::containsBean, name -> destinations.get(name).isPresent(),
                context.getEnvironment()::containsProperty);
        List<String> problems = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of("routes"))) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".camel.yaml")).sorted().toList()) {
                check.check(file, names).forEach(problem -> problems.add(problem.toString()));
            }
        }
        if (!problems.isEmpty()) {
            throw new AssertionFailedError("route files with problems:\n  " + String.join("\n  ", problems));
        }
    }

    @TestFactory
    Stream<DynamicTest> everyCaseOfEveryRouteTestFile() throws IOException {
        List<RouteCase> cases = new ArrayList<>();
        try (Stream<Path> files = Files.list(CASES)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".test.yaml")).sorted().toList()) {
                cases.addAll(read(file));
            }
        }
        if (cases.isEmpty()) {
            throw new AssertionFailedError("no route test cases in " + CASES + "/*.test.yaml");
        }
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.toString(), () -> run(c)));
    }

    static List<RouteCase> read(Path file) throws IOException {
        JsonNode root = YAML.readTree(file.toFile());
        String name = file.toString();
        if (root == null || !root.path("cases").isArray() || root.path("cases").isEmpty()) {
            throw new AssertionFailedError(name + ": no cases (a file holds 'cases:', a list)");
        }
        List<RouteCase> cases = new ArrayList<>();
        for (JsonNode item : root.path("cases")) {
            String title = item.path("name").asText(null);
            if (title == null) {
                throw new AssertionFailedError(name + ": a case without a name");
            }
            List<JsonNode> events = new ArrayList<>();
            for (JsonNode event : item.path("events")) {
                events.add(event.has("sample") ? JSON.readTree(Path.of(event.get("sample").asText()).toFile()) : event);
            }
            if (events.isEmpty()) {
                throw new AssertionFailedError(name + " › " + title + ": no events");
            }
            Map<String, List<String>> setup = new LinkedHashMap<>();
            item.path("setup").fields().forEachRemaining(e -> {
                List<String> statements = new ArrayList<>();
                e.getValue().forEach(s -> statements.add(s.asText()));
                setup.put(e.getKey(), statements);
            });
            Map<String, JsonNode> expected = new LinkedHashMap<>();
            item.path("expect").fields().forEachRemaining(e -> expected.put(e.getKey(), e.getValue()));
            Map<String, JsonNode> tables = new LinkedHashMap<>();
            item.path("tables").fields().forEachRemaining(e -> tables.put(e.getKey(), e.getValue()));
            Map<String, Map<String, JsonNode>> databases = new LinkedHashMap<>();
            item.path("databases").fields().forEachRemaining(e -> {
                Map<String, JsonNode> byTable = new LinkedHashMap<>();
                e.getValue().fields().forEachRemaining(t -> byTable.put(t.getKey(), t.getValue()));
                databases.put(e.getKey(), byTable);
            });
            cases.add(new RouteCase(name, title, events, setup, expected, tables, databases));
        }
        return cases;
    }

    private void run(RouteCase routeCase) throws Exception {
        // Every case starts with no Zendesk conversation known: the same sample in two cases
        // would otherwise be a message Zendesk already has.
        for (String ledger : List.of("zendesk_message", "zendesk_ticket_opening", "zendesk_ticket", "zendesk_user")) {
            jdbc.update("DELETE FROM " + ledger);
        }
        fakes.standardAnswers();
        org.apache.camel.component.mock.MockEndpoint.resetMocks(camel);
        fakes.server().stubFor(WireMock.any(WireMock.urlPathMatching("/destinations/.*")).atPriority(5)
                .willReturn(WireMock.aResponse().withStatus(200)));
        for (Map.Entry<String, List<String>> setup : routeCase.setup().entrySet()) {
            execute(setup.getKey(), setup.getValue());
        }
        List<String> ids = new ArrayList<>();
        for (JsonNode event : routeCase.events()) {
            ObjectNode unique = event.deepCopy();
            String id = unique.path("event_id").asText("evt") + "-" + UUID.randomUUID().toString().substring(0, 8);
            unique.put("event_id", id);
            // Sent now: a sample's own time would be outside the source's freshness window.
            unique.put("timestamp", java.time.Instant.now().toString());
            var answer = vobiz.post(JSON.writeValueAsString(unique));
            if (answer.statusCode() / 100 != 2) {
                fail(routeCase, "intake", "the event accepted", answer.statusCode() + " " + answer.body());
            }
            ids.add("vobiz:" + id);
        }
        try {
            await().atMost(Duration.ofSeconds(15)).until(() -> ids.stream().allMatch(id -> {
                String status = jdbc.query("SELECT status FROM inbox_event WHERE event_id = ?", rs -> rs.next() ? rs.getString(1) : null, id);
                return "DONE".equals(status) || "DEAD".equals(status);
            }));
        } catch (org.awaitility.core.ConditionTimeoutException stuck) {
            fail(routeCase, "dispatch", "every event delivered or dead within 15 s", jdbc.queryForList(
                    "SELECT e.event_id, e.status, d.destination, d.status AS delivery, d.last_error FROM inbox_event e"
                            + " LEFT JOIN delivery d ON d.inbox_id = e.id WHERE e.event_id IN (" + String.join(",", ids.stream()
                            .map(i -> "?").toList()) + ")", ids.toArray()).toString());
        }
        Map<String, List<JsonNode>> received = received();
        for (Map.Entry<String, JsonNode> expectation : routeCase.expected().entrySet()) {
            check(routeCase, expectation.getKey(), expectation.getValue(), received.getOrDefault(expectation.getKey(), List.of()));
        }
        for (Map.Entry<String, JsonNode> table : routeCase.tables().entrySet()) {
            rows(routeCase, "table " + table.getKey(), table.getValue(), jdbc.queryForList("SELECT * FROM " + identifier(table.getKey())));
        }
        for (Map.Entry<String, Map<String, JsonNode>> database : routeCase.databases().entrySet()) {
            JdbcTemplate company = new JdbcTemplate(new org.springframework.jdbc.datasource.DriverManagerDataSource(
                    RouteTestDestinations.database(database.getKey()), "sa", ""));
            for (Map.Entry<String, JsonNode> table : database.getValue().entrySet()) {
                rows(routeCase, database.getKey() + " table " + table.getKey(), table.getValue(),
                        company.queryForList("SELECT * FROM " + identifier(table.getKey())));
            }
        }
    }

    /** What each destination received in this case, call by call, from the recorder's journal. */
    private Map<String, List<JsonNode>> received() throws IOException {
        List<ServeEvent> served = new ArrayList<>(fakes.server().getAllServeEvents());
        java.util.Collections.reverse(served);
        Map<String, List<JsonNode>> byDestination = new LinkedHashMap<>();
        for (ServeEvent event : served) {
            LoggedRequest request = event.getRequest();
            String path = request.getUrl().split("\\?", 2)[0];
            String destination;
            if (path.startsWith("/destinations/")) {
                destination = path.substring("/destinations/".length()).split("/", 2)[0];
            } else if (path.startsWith("/services/oauth2/")) {
                continue;
            } else if (path.startsWith("/services/")) {
                destination = "salesforce";
            } else if (path.startsWith("/api/v2/")) {
                destination = "zendesk";
            } else {
                destination = "unknown";
            }
            ObjectNode call = JsonNodeFactory.instance.objectNode();
            call.put("method", request.getMethod().getName());
            call.put("path", path);
            ObjectNode headers = call.putObject("headers");
            for (HttpHeader header : request.getHeaders().all()) {
                headers.put(header.key().toLowerCase(Locale.ROOT), header.firstValue());
            }
            String body = request.getBodyAsString();
            if (body != null && !body.isEmpty()) {
                try {
                    call.set("body", JSON.readTree(body));
                } catch (IOException notJson) {
                    call.put("body", body);
                }
            }
            byDestination.computeIfAbsent(destination, d -> new ArrayList<>()).add(call);
        }
        for (org.apache.camel.Endpoint endpoint : camel.getEndpoints()) {
            if (endpoint instanceof org.apache.camel.component.mock.MockEndpoint mock && mock.getEndpointUri().startsWith("mock://kafka:")) {
                for (org.apache.camel.Exchange sent : mock.getReceivedExchanges()) {
                    ObjectNode call = JsonNodeFactory.instance.objectNode();
                    call.put("topic", mock.getEndpointUri().substring("mock://kafka:".length()).split("\\?", 2)[0]);
                    call.put("key", sent.getMessage().getHeader(org.apache.camel.component.kafka.KafkaConstants.KEY, String.class));
                    ObjectNode headers = call.putObject("headers");
                    sent.getMessage().getHeaders().forEach((name, value) -> {
                        if (!name.startsWith("kafka.") && !name.startsWith("Camel")) {
                            headers.put(name, String.valueOf(value));
                        }
                    });
                    byte[] value = sent.getMessage().getBody(byte[].class);
                    try {
                        call.set("body", JSON.readTree(value));
                    } catch (IOException notJson) {
                        call.put("body", new String(value, java.nio.charset.StandardCharsets.UTF_8));
                    }
                    byDestination.computeIfAbsent(sent.getProperty(com.vobizrouter.dispatch.Deliveries.DESTINATION, "kafka", String.class),
                            d -> new ArrayList<>()).add(call);
                }
            }
        }
        return byDestination;
    }

    static void check(RouteCase routeCase, String destination, JsonNode expected, List<JsonNode> calls) {
        ArrayNode received = JsonNodeFactory.instance.arrayNode().addAll(calls);
        if (expected.isTextual() && expected.asText().equals("nothing")) {
            if (!calls.isEmpty()) {
                fail(routeCase, destination, "nothing", received.toPrettyString());
            }
            return;
        }
        if (expected.isNumber()) {
            if (calls.size() != expected.asInt()) {
                fail(routeCase, destination, expected.asInt() + " call(s)", calls.size() + " call(s): " + received.toPrettyString());
            }
            return;
        }
        JsonNode including = expected.isArray() ? expected : expected.path("including");
        if (expected.has("calls") && calls.size() != expected.get("calls").asInt()) {
            fail(routeCase, destination, expected.get("calls").asInt() + " call(s)", calls.size() + " call(s): " + received.toPrettyString());
        }
        if (expected.isArray() && calls.size() != expected.size()) {
            fail(routeCase, destination, expected.size() + " call(s): " + expected.toPrettyString(),
                    calls.size() + " call(s): " + received.toPrettyString());
        }
        int from = 0;
        for (JsonNode call : including) {
            String closest = null;
            int found = -1;
            for (int i = from; i < calls.size(); i++) {
                String difference = JsonSubset.difference("call", call, calls.get(i));
                if (difference == null) {
                    found = i;
                    break;
                }
                closest = closest == null ? difference : closest;
            }
            if (found < 0) {
                fail(routeCase, destination, call.toPrettyString(), (closest == null ? "no call" : closest) + "\n  all calls: "
                        + received.toPrettyString());
            }
            from = found + 1;
        }
    }

    static void rows(RouteCase routeCase, String where, JsonNode expected, List<Map<String, Object>> rows) {
        ArrayNode actual = JsonNodeFactory.instance.arrayNode();
        for (Map<String, Object> row : rows) {
            ObjectNode node = actual.addObject();
            row.forEach((column, value) -> node.set(column.toLowerCase(Locale.ROOT), JSON.valueToTree(value == null ? null
                    : value instanceof Number || value instanceof Boolean ? value : value.toString())));
        }
        String difference = JsonSubset.difference(where, expected.isArray() ? expected : JsonNodeFactory.instance.arrayNode().add(expected),
                actual);
        if (difference != null) {
            fail(routeCase, where, expected.toPrettyString(), difference);
        }
    }

    private static void execute(String destination, List<String> statements) throws SQLException {
        try (Connection connection = DriverManager.getConnection(RouteTestDestinations.database(destination), "sa", "");
                Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    private static String identifier(String table) {
        if (!table.matches("[A-Za-z_][A-Za-z0-9_]{0,62}")) {
            throw new AssertionFailedError("'" + table + "' is not a table name");
        }
        return table;
    }

    private static void fail(RouteCase routeCase, String destination, String expected, String received) {
        throw new AssertionFailedError(routeCase.file() + "\n  case:        " + routeCase.name() + "\n  destination: " + destination
                + "\n  expected:    " + expected.replace("\n", "\n               ") + "\n  received:    "
                + received.replace("\n", "\n               "));
    }
}
