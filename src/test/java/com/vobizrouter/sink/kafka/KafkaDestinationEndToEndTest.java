package com.vobizrouter.sink.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.vobizrouter.testsupport.OnH2;
import com.vobizrouter.testsupport.RouterTest;
import com.vobizrouter.testsupport.WebhookClient;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A destination of kind {@code kafka} end to end, against a real Kafka broker in a JVM of its own
 * ({@link KafkaBroker}): signed webhooks in over HTTP, the whole router, camel-kafka out. Each
 * event becomes one record on the configured topic, keyed by the router's event id, the event as
 * its sender sent it for a value, with record headers {@code event-id} and {@code event-type} and
 * no others; a destination with a {@code key} and a {@code mapping} gets what they make of the
 * event. With the broker down for 30 s, deliveries fail and are tried again, and once it is
 * back every event arrives. Tagged slow: a broker process is started for the class.
 */
@RouterTest({
    "router.webhook.secrets=whsec_kafka",
    "router.dispatch.initial-backoff=200ms",
    "router.dispatch.max-backoff=2s",
    "router.dispatch.max-attempts=100",
    "router.dispatch.poll-interval=50",
    "router.destinations.ledger.kind=kafka",
    "router.destinations.ledger.topic=" + KafkaDestinationEndToEndTest.TOPIC,
    "router.destinations.ledger.events=message.*",
    "router.destinations.statuses.kind=kafka",
    "router.destinations.statuses.topic=" + KafkaDestinationEndToEndTest.STATUSES,
    "router.destinations.statuses.events=message.read",
    "router.destinations.statuses.key=.data.message_id",
    "router.destinations.statuses.mapping={status: .data.status, id: $event_id}",
    "spring.config.import=file:routes/examples/kafka-stream.yaml",
    "logging.level.com.vobizrouter=ERROR",
    "logging.level.org.apache.kafka=ERROR"
})
@OnH2
@Tag("slow")
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class KafkaDestinationEndToEndTest {

    static final String TOPIC = "router.events";
    static final String STATUSES = "message-statuses";
    static final String WAREHOUSE = "whatsapp.events";

    private static KafkaBroker broker;

    @Autowired
    JdbcTemplate jdbc;

    WebhookClient vobiz;

    @DynamicPropertySource
    static void brokers(DynamicPropertyRegistry registry) throws Exception {
        broker = KafkaBroker.startNew();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1), new NewTopic(STATUSES, 1, (short) 1),
                    new NewTopic(WAREHOUSE, 1, (short) 1))).all()
                    .get(30, TimeUnit.SECONDS);
        }
        registry.add("router.destinations.ledger.brokers", broker::bootstrapServers);
        registry.add("router.destinations.statuses.brokers", broker::bootstrapServers);
        // The example of routes/examples/kafka-stream.yaml reads its brokers from KAFKA_BROKERS, as an engineer sets it.
        registry.add("KAFKA_BROKERS", broker::bootstrapServers);
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void eachEventIsOneRecordKeyedByItsEventIdWithThePayloadAsSentAndOnlyTheTwoHeaders() {
        Map<String, String> sent = new LinkedHashMap<>();
        for (int i = 0; i < 5; i++) {
            String id = "evt_" + UUID.randomUUID();
            String event = WebhookClient.event("message.read", id);
            assertThat(vobiz.post(event).body()).contains("\"accepted\"");
            sent.put("vobiz:" + id, event);
        }

        Map<String, List<ConsumerRecord<String, byte[]>>> records = awaitRecords(TOPIC, sent.keySet(), Duration.ofSeconds(30));

        sent.forEach((eventId, event) -> {
            assertThat(records.get(eventId)).as("one record for " + eventId).hasSize(1);
            ConsumerRecord<String, byte[]> record = records.get(eventId).get(0);
            assertThat(record.topic()).isEqualTo(TOPIC);
            assertThat(new String(record.value(), StandardCharsets.UTF_8)).isEqualTo(event);
            assertThat(record.headers().toArray()).extracting(Header::key).containsExactly("event-id", "event-type");
            assertThat(header(record, "event-id")).isEqualTo(eventId);
            assertThat(header(record, "event-type")).isEqualTo("message.read");
        });
        for (String eventId : sent.keySet()) {
            awaitInbox(eventId, "DONE", Duration.ofSeconds(10));
        }
    }

    @Test
    void aDestinationWithAKeyAndAMappingGetsWhatTheyMakeOfTheEvent() throws Exception {
        String id = "evt_" + UUID.randomUUID();
        assertThat(vobiz.post(WebhookClient.event("message.read", id)).body()).contains("\"accepted\"");

        Map<String, List<ConsumerRecord<String, byte[]>>> records = awaitRecords(STATUSES, Set.of("wamid." + id), Duration.ofSeconds(30));

        ConsumerRecord<String, byte[]> record = records.get("wamid." + id).get(0);
        assertThat(records.get("wamid." + id)).hasSize(1);
        assertThat(new ObjectMapper().readTree(record.value())).isEqualTo(new ObjectMapper().readTree(
                "{\"status\":\"read\",\"id\":\"vobiz:" + id + "\"}"));
        assertThat(header(record, "event-id")).isEqualTo("vobiz:" + id);
        assertThat(header(record, "event-type")).isEqualTo("message.read");
    }

    @Test
    void theWarehouseExampleStreamsEveryEventKeyedByTheCustomersNumberAsAFlatRow() throws Exception {
        String id = "evt_" + UUID.randomUUID();
        assertThat(vobiz.post("{\"event\":\"message.received\",\"event_id\":\"" + id + "\",\"timestamp\":\"" + java.time.Instant.now()
                + "\",\"channel_id\":\"ch_1\",\"data\":{\"message_id\":\"wamid." + id + "\",\"from\":\"+15550001\",\"type\":\"text\","
                + "\"text\":{\"body\":\"hi\"}}}").body()).contains("\"accepted\"");

        Map<String, List<ConsumerRecord<String, byte[]>>> records = awaitRecords(WAREHOUSE, Set.of("+15550001"), Duration.ofSeconds(30));

        List<ConsumerRecord<String, byte[]>> mine = records.get("+15550001").stream()
                .filter(r -> ("vobiz:" + id).equals(header(r, "event-id"))).toList();
        assertThat(mine).hasSize(1);
        com.fasterxml.jackson.databind.JsonNode row = new ObjectMapper().readTree(mine.get(0).value());
        assertThat(row.get("event_id").asText()).isEqualTo("vobiz:" + id);
        assertThat(row.get("type").asText()).isEqualTo("message.received");
        assertThat(row.get("source").asText()).isEqualTo("vobiz");
        assertThat(row.get("message_id").asText()).isEqualTo("wamid." + id);
        assertThat(row.get("customer").asText()).isEqualTo("+15550001");
        assertThat(row.get("data").get("text").get("body").asText()).isEqualTo("hi");
    }

    @Test
    void withTheBrokerDownForThirtySecondsNothingIsLost() {
        broker.stop();
        List<String> ids = new ArrayList<>();
        try {
            for (int i = 0; i < 10; i++) {
                String id = "evt_" + UUID.randomUUID();
                assertThat(vobiz.post(WebhookClient.event("message.delivered", id)).body()).contains("\"accepted\"");
                ids.add("vobiz:" + id);
            }

            // Down for 30 s: no delivery to the ledger is done, each fails (within seconds) and is tried again.
            await().during(Duration.ofSeconds(30)).atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> ids.stream().map(this::ledgerDelivery).noneMatch(d -> d != null && "DONE".equals(d.get("STATUS"))));
            assertThat(ids).allSatisfy(id -> assertThat(ledgerDelivery(id)).as(id).isNotNull());
            assertThat(ids.stream().mapToInt(id -> ((Number) ledgerDelivery(id).get("ATTEMPTS")).intValue()).sum())
                    .as("failed attempts while the broker was down").isGreaterThanOrEqualTo(ids.size());
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM dead_letter WHERE sink = 'ledger'", Integer.class)).isZero();
        } finally {
            broker.start();
        }

        Map<String, List<ConsumerRecord<String, byte[]>>> records = awaitRecords(TOPIC, Set.copyOf(ids), Duration.ofSeconds(60));

        assertThat(records.keySet()).containsAll(ids);
        assertThat(ids).allSatisfy(id -> assertThat(records.get(id)).as("records of " + id).hasSize(1));
        for (String id : ids) {
            awaitInbox(id, "DONE", Duration.ofSeconds(30));
            assertThat(ledgerDelivery(id).get("STATUS")).isEqualTo("DONE");
        }
    }

    /** Reads the topic from its start until every one of these keys is there; returns the records of those keys. */
    private static Map<String, List<ConsumerRecord<String, byte[]>>> awaitRecords(String topic, Set<String> eventIds, Duration atMost) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        Map<String, List<ConsumerRecord<String, byte[]>>> found = new HashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config)) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            await().atMost(atMost).pollInterval(Duration.ofMillis(100)).until(() -> {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (eventIds.contains(record.key())) {
                        found.computeIfAbsent(record.key(), key -> new ArrayList<>()).add(record);
                    }
                }
                return found.keySet().containsAll(eventIds);
            });
            // Anything written after the last expected record (a late duplicate) is read too.
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofSeconds(1))) {
                if (eventIds.contains(record.key())) {
                    found.computeIfAbsent(record.key(), key -> new ArrayList<>()).add(record);
                }
            }
        }
        return found;
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private Map<String, Object> ledgerDelivery(String eventId) {
        List<Map<String, Object>> rows = jdbc.queryForList("SELECT d.status, d.attempts FROM delivery d JOIN inbox_event e "
                + "ON e.id = d.inbox_id WHERE e.event_id = ? AND d.destination = 'ledger'", eventId);
        return rows.isEmpty() ? null : rows.get(0);
    }

    private void awaitInbox(String eventId, String status, Duration atMost) {
        await().atMost(atMost).until(() -> status.equals(jdbc.query("SELECT status FROM inbox_event WHERE event_id = ?",
                rs -> rs.next() ? rs.getString(1) : null, eventId)));
    }
}
