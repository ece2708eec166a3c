package com.vobizrouter.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.vobizrouter.dispatch.Destination;
import com.vobizrouter.dispatch.Destinations;
import org.junit.jupiter.api.Test;

/**
 * {@code router.destinations.*} as the router builds them: the built-in destinations exist with
 * no key and keep their {@code router.sinks.*} limits, a key changes them, a destination of its
 * own needs a kind this version delivers to (http with a usable url, kafka with brokers and a
 * topic), and each bad setting is refused naming its key.
 */
class DestinationsSettingsTest {

    private static final Map<String, Integer> SINK_LIMITS = Map.of("salesforce", 0, "zendesk", 400);

    @Test
    void theBuiltInDestinationsExistWithoutAKeyAndKeepTheirLimits() {
        List<Destination> built = DestinationsConfiguration.build(new DestinationsSettings(Map.of()), 12, SINK_LIMITS);

        assertThat(built).extracting(Destination::name).containsExactly("salesforce", "zendesk", "analytics", "messagestatus",
                "campaignresult");
        assertThat(built).filteredOn(d -> d.name().equals("zendesk")).extracting(Destination::rateLimit).containsExactly(400);
        assertThat(built).allSatisfy(d -> assertThat(d.maxAttempts()).isEqualTo(12));
    }

    @Test
    void anHttpDestinationHasNoRateLimitUnlessGivenAndItsOwnAttempts() {
        Destinations destinations = new Destinations(DestinationsConfiguration.build(new DestinationsSettings(Map.of(
                "chatbot", http("https://bot.example.com/hooks?team=7", List.of("message.received"), null, 5),
                "zendesk", new DestinationsSettings.Destination(null, List.of(), true, 100, null, null, "POST", Map.of(), null, null, null,
                        null, null, Duration.ofSeconds(10), null, null, null, null, null, null, 4))), 12, SINK_LIMITS));

        Destination chatbot = destinations.get("chatbot").orElseThrow();
        assertThat(chatbot.kind()).isEqualTo(Destination.Kind.HTTP);
        assertThat(chatbot.rateLimit()).isZero();
        assertThat(chatbot.maxAttempts()).isEqualTo(5);
        assertThat(chatbot.route()).isEqualTo("http-destination");
        assertThat(destinations.get("zendesk").orElseThrow().rateLimit()).as("the key wins over router.sinks.zendesk").isEqualTo(100);
        assertThat(destinations.subscribedTo("message.received")).containsExactly("chatbot");
        assertThat(destinations.names()).as("built-in ones first").startsWith("salesforce").endsWith("chatbot");
    }

    @Test
    void eachBadSettingIsRefusedNamingItsKey() {
        assertRefused("router.destinations.chatbot.kind", new DestinationsSettings.Destination(null, List.of(), true, null, null,
                "https://x.example", "POST", Map.of(), null, null, null, null, null, Duration.ofSeconds(10), null, null, null, null, null, null, 4));
        assertRefused("router.destinations.chatbot.kind", withKind("smtp"));
        assertRefused("router.destinations.chatbot.kind", withKind("salesforce"));
        assertRefused("router.destinations.chatbot.url", http(null, List.of(), null, null));
        assertRefused("router.destinations.chatbot.url", http("ftp://x.example/in", List.of(), null, null));
        assertRefused("router.destinations.chatbot.url", http("https://user:pw@x.example/in", List.of(), null, null));
        assertRefused("router.destinations.chatbot.events", http("https://x.example", List.of("message.*.read"), null, null));
        assertRefused("router.destinations.chatbot.rate-limit", http("https://x.example", List.of(), -1, null));
        assertRefused("router.destinations.chatbot.max-attempts", http("https://x.example", List.of(), null, 0));
        assertRefused("router.destinations.chatbot.signing-secret", new DestinationsSettings.Destination("http", List.of(), true, null,
                null, "https://x.example", "POST", Map.of(), null, null, null, null, null, Duration.ofSeconds(10), "secret", null, null, null, null, null, 4));
        assertRefused("router.destinations.chatbot.method", new DestinationsSettings.Destination("http", List.of(), true, null,
                null, "https://x.example", "GET", Map.of(), null, null, null, null, null, Duration.ofSeconds(10), null, null, null, null, null, null, 4));
        assertRefused("router.destinations.chatbot.password", new DestinationsSettings.Destination("http", List.of(), true, null,
                null, "https://x.example", "POST", Map.of(), "bot", null, null, null, null, Duration.ofSeconds(10), null, null, null, null, null, null, 4));
        assertRefused("router.destinations.chatbot.headers.X-Bad", new DestinationsSettings.Destination("http", List.of(), true, null,
                null, "https://x.example", "POST", Map.of("X-Bad", "a\r\nInjected: yes"), null, null, null, null, null,
                Duration.ofSeconds(10), null, null, null, null, null, null, 4));
        assertThatThrownBy(() -> DestinationsConfiguration.build(new DestinationsSettings(Map.of("zendesk", withKind("http"))), 12,
                SINK_LIMITS)).isInstanceOf(InvalidSettingException.class).hasMessageStartingWith("router.destinations.zendesk.kind: ");
    }

    @Test
    void aKafkaDestinationIsDeliveredByItsOwnRouteWithItsBrokersAndTopicAsWritten() {
        Destinations destinations = new Destinations(DestinationsConfiguration.build(new DestinationsSettings(Map.of(
                "ledger", kafka(" kafka-1.example.com:9092, 10.0.0.7:9093,[::1]:9094 ", " router.events_v1 ", null, null))), 12,
                SINK_LIMITS));

        Destination ledger = destinations.get("ledger").orElseThrow();
        assertThat(ledger.kind()).isEqualTo(Destination.Kind.KAFKA);
        assertThat(ledger.route()).isEqualTo("kafka-destination");
        assertThat(ledger.maxAttempts()).isEqualTo(12);
        assertThat(DestinationsConfiguration.kafka("ledger", kafka(" kafka-1.example.com:9092, 10.0.0.7:9093,[::1]:9094 ",
                " router.events_v1 ", null, null)))
                .satisfies(kafka -> {
                    assertThat(kafka.brokers()).isEqualTo("kafka-1.example.com:9092,10.0.0.7:9093,[::1]:9094");
                    assertThat(kafka.topic()).isEqualTo("router.events_v1");
                });
    }

    @Test
    void eachBadKafkaSettingIsRefusedNamingItsKey() {
        assertRefused("router.destinations.chatbot.brokers", kafka(null, "events", null, null));
        assertRefused("router.destinations.chatbot.brokers", kafka(" ", "events", null, null));
        assertRefused("router.destinations.chatbot.brokers", kafka("kafka.example.com", "events", null, null));
        assertRefused("router.destinations.chatbot.brokers", kafka("kafka.example.com:99999", "events", null, null));
        assertRefused("router.destinations.chatbot.brokers", kafka("kafka.example.com:9092,", "events", null, null));
        assertRefused("router.destinations.chatbot.brokers", kafka("PLAINTEXT://kafka.example.com:9092", "events", null, null));
        assertRefused("router.destinations.chatbot.brokers", kafka("kafka.example.com:9092&topic=other", "events", null, null));
        assertRefused("router.destinations.chatbot.brokers", kafka("{{router.webhook.secrets}}:9092", "events", null, null));
        assertRefused("router.destinations.chatbot.topic", kafka("kafka:9092", null, null, null));
        assertRefused("router.destinations.chatbot.topic", kafka("kafka:9092", "..", null, null));
        assertRefused("router.destinations.chatbot.topic", kafka("kafka:9092", "events/all", null, null));
        assertRefused("router.destinations.chatbot.topic", kafka("kafka:9092", "events?brokers=evil:1", null, null));
        assertRefused("router.destinations.chatbot.topic", kafka("kafka:9092", "t".repeat(250), null, null));
        assertRefused("router.destinations.chatbot.key", kafka("kafka:9092", "events", " ", null));
        assertRefused("router.destinations.chatbot.mapping", kafka("kafka:9092", "events", null, ""));
        assertRefused("router.destinations.chatbot.url", new DestinationsSettings.Destination("kafka", List.of(), true, null, null,
                "https://x.example", "POST", Map.of(), null, null, null, null, null, Duration.ofSeconds(10), null, null, null, "kafka:9092",
                "events", null, 4));
        assertRefused("router.destinations.chatbot.max-attempts", new DestinationsSettings.Destination("kafka", List.of(), true, null, 0,
                null, "POST", Map.of(), null, null, null, null, null, Duration.ofSeconds(10), null, null, null, "kafka:9092", "events", null, 4));
    }

    private static DestinationsSettings.Destination kafka(String brokers, String topic, String key, String mapping) {
        return new DestinationsSettings.Destination("kafka", List.of(), true, null, null, null, "POST", Map.of(), null, null, null, null,
                null, Duration.ofSeconds(10), null, mapping, key, brokers, topic, null, 4);
    }

    @Test
    void aMappingThatDoesNotCompileStopsStartUpNamingTheDestinationAndKey() {
        DestinationsSettings settings = new DestinationsSettings(Map.of("chatbot", mapped("{text: .data.text")));
        Destinations destinations = new Destinations(DestinationsConfiguration.build(settings, 12, SINK_LIMITS));

        assertThatThrownBy(() -> DestinationsConfiguration.compiled(settings, destinations, new ObjectMapper()))
                .isInstanceOf(InvalidSettingException.class).hasMessageStartingWith("router.destinations.chatbot.mapping: is not a jq program");
        DestinationsSettings unknown = new DestinationsSettings(Map.of("chatbot", mapped("{text: (.data.text | shout)}")));
        assertThatThrownBy(() -> DestinationsConfiguration.compiled(unknown, destinations, new ObjectMapper()))
                .isInstanceOf(InvalidSettingException.class).hasMessageStartingWith("router.destinations.chatbot.mapping: ")
                .hasMessageContaining("shout/0 does not exist");
        assertThat(DestinationsConfiguration.compiled(new DestinationsSettings(Map.of("chatbot", mapped("{text: .data.text}"))),
                destinations, new ObjectMapper())).containsOnlyKeys("chatbot");
    }

    private static DestinationsSettings.Destination mapped(String mapping) {
        return new DestinationsSettings.Destination("http", List.of(), true, null, null, "https://x.example", "POST", Map.of(), null, null,
                null, null, null, Duration.ofSeconds(10), null, mapping, null, null, null, null, 4);
    }

    @Test
    void aSqlDestinationNeedsAJdbcUrlAndOneStatementEachRefusedNamingItsKey() {
        assertRefused("router.destinations.chatbot.url", sql("orders", null, "SELECT 1"));
        assertRefused("router.destinations.chatbot.url", sql("orders", "https://db.example", "SELECT 1"));
        assertRefused("router.destinations.chatbot.statement", sql("orders", "jdbc:h2:mem:x", null));
        assertRefused("router.destinations.chatbot.statement", sql("orders", "jdbc:h2:mem:x", "UPDATE a SET b = 1; DROP TABLE a"));
        Destination orders = new Destinations(DestinationsConfiguration.build(new DestinationsSettings(Map.of("orders",
                sql("orders", "jdbc:h2:mem:x", "UPDATE a SET b = :b"))), 12, SINK_LIMITS)).get("orders").orElseThrow();
        assertThat(orders.kind()).isEqualTo(Destination.Kind.SQL);
        assertThat(orders.route()).isEqualTo(Destinations.SQL_ROUTE);
    }

    @Test
    void theRoutersOwnTablesTakeNoMapping() {
        DestinationsSettings settings = new DestinationsSettings(Map.of("analytics", new DestinationsSettings.Destination(null, List.of(),
                true, null, null, null, "POST", Map.of(), null, null, null, null, null, Duration.ofSeconds(10), null, "{a: 1}", null, null,
                null, null, 4)));
        Destinations destinations = new Destinations(DestinationsConfiguration.build(settings, 12, SINK_LIMITS));

        assertThatThrownBy(() -> DestinationsConfiguration.compiled(settings, destinations, new ObjectMapper()))
                .isInstanceOf(InvalidSettingException.class).hasMessageStartingWith("router.destinations.analytics.mapping: ");
    }

    private static DestinationsSettings.Destination sql(String name, String url, String statement) {
        return new DestinationsSettings.Destination("sql", List.of(), true, null, null, url, "POST", Map.of(), null, null,
                null, null, null, Duration.ofSeconds(10), null, null, null, null, null, statement, 4);
    }

    private static void assertRefused(String key, DestinationsSettings.Destination chatbot) {
        assertThatThrownBy(() -> DestinationsConfiguration.build(new DestinationsSettings(Map.of("chatbot", chatbot)), 12, SINK_LIMITS))
                .isInstanceOf(InvalidSettingException.class).hasMessageStartingWith(key + ": ");
    }

    private static DestinationsSettings.Destination withKind(String kind) {
        return new DestinationsSettings.Destination(kind, List.of(), true, null, null, "https://x.example", "POST", Map.of(), null, null,
                null, null, null, Duration.ofSeconds(10), null, null, null, null, null, null, 4);
    }

    private static DestinationsSettings.Destination http(String url, List<String> events, Integer rateLimit, Integer maxAttempts) {
        return new DestinationsSettings.Destination("http", events, true, rateLimit, maxAttempts, url, "POST", Map.of(), null, null, null,
                null, null, Duration.ofSeconds(10), null, null, null, null, null, null, 4);
    }
}
