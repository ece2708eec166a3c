package com.vobizrouter.sources;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.vobizrouter.inbox.Digests;
import com.vobizrouter.testsupport.FreshTimes;
import com.vobizrouter.testsupport.EventMutator;
import com.vobizrouter.testsupport.Signatures;
import com.vobizrouter.testsupport.WebhookClient;
import com.vobizrouter.testsupport.WebhookClient.Scheme;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Randomised intake on every source: the samples of the SPEC's format (to {@code /webhooks/vobiz},
 * the built-in source {@code vobiz}, signed in hex of either case or base64, with or without
 * {@code sha256=}, its body sometimes streamed), of vobiz-messaging, meta-whatsapp and
 * standard-webhooks are mutated by {@link EventMutator}, signed again the way their sender signs,
 * and POSTed to their source on H2. Whatever the bytes, the answer is 200, 400 or 413 (never a
 * 5xx, never 401 for a correct signature over the exact bytes); an
 * unmutated event is accepted; each event a 200 says was accepted or ignored is stored with
 * exactly the bytes sent (a Meta event: the notification cut down to it) and one idempotency key,
 * and nothing else is stored. The Meta source takes two events a request, as many as its largest
 * samples hold. A valid event is still accepted every 250 tries and at the end.
 *
 * <p>Reproduce or run longer with {@code -Dtest=SourcesFuzzTest -Dfuzz.seed=<seed> -Dfuzz.tries=<n>}.
 *
 * <p>Besides the random tries, every field intake stores in a column is sent at its limit and one
 * character over it, on every profile and on the source of {@code router.webhook}: a type
 * (100, the {@code event_type} column) is stored at its limit and refused with 400 naming the
 * field one over; an id is stored (hashed past the id column) up to 255 characters, and refused
 * past that, the SPEC's {@code event_id} on {@code /webhooks/vobiz} included; a
 * channel is stored at 255 and left out of its column past it; an event time of 255 or 256
 * characters is never a valid time, so it is left out of its column or refused with 400 naming
 * the field. None of them is ever answered with a 5xx.
 */
@CamelSpringBootTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "router.webhook.secrets=" + SourcesFuzzTest.VOBIZ_SECRET,
    "spring.datasource.url=jdbc:h2:mem:sources-fuzz;DB_CLOSE_DELAY=-1",
    "router.sources.messaging.path=/webhooks/vobiz-messaging",
    "router.sources.messaging.profile=vobiz-messaging",
    "router.sources.messaging.secrets=" + SourcesFuzzTest.MESSAGING_SECRET,
    "router.sources.meta.path=/webhooks/meta",
    "router.sources.meta.profile=meta-whatsapp",
    "router.sources.meta.secrets=" + SourcesFuzzTest.META_SECRET,
    "router.sources.meta.verify-token=fuzz",
    "router.sources.meta.max-events=2",
    "router.sources.partner.path=/webhooks/partner",
    "router.sources.partner.profile=standard-webhooks",
    "router.sources.partner.secrets=" + SourcesFuzzTest.PARTNER_SECRET,
    "router.sources.legacy.path=/webhooks/legacy",
    "router.sources.legacy.profile=vobiz-legacy",
    "router.sources.legacy.secrets=" + SourcesFuzzTest.LEGACY_SECRET,
    "management.server.port=0",
    "logging.level.com.vobizrouter.intake=OFF",
    "logging.level.com.vobizrouter.dispatch=OFF"
})
class SourcesFuzzTest {

    static final String MESSAGING_SECRET = "whsub_fuzz";
    static final String META_SECRET = "meta_app_fuzz";
    static final String PARTNER_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    static final String LEGACY_SECRET = "whsec_fuzz_legacy";
    static final int DEFAULT_TRIES = 1000;
    private static final Set<Integer> CONTRACT_ANSWERS = Set.of(200, 400, 413);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    static final String VOBIZ_SECRET = "whsec_fuzz_legacy";
    private static final String[] JSON_TYPES = {"application/json", "application/json", "application/json",
        "application/json; charset=utf-8", "Application/JSON", "application/vnd.vobiz+json"};

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    private record Base(String source, WebhookClient client, String json) {
    }

    @Test
    void mutatedSignedEventsOfEveryProfileAreNeverAnswered5xxAndWhatIsRefusedIsNeverStored() throws IOException {
        long seed = Long.getLong("fuzz.seed", new SecureRandom().nextLong());
        int tries = Integer.getInteger("fuzz.tries", DEFAULT_TRIES);
        System.out.printf("SourcesFuzzTest: -Dfuzz.seed=%d -Dfuzz.tries=%d%n", seed, tries);
        Random random = new Random(seed);
        EventMutator mutator = new EventMutator(random);
        List<Base> bases = bases();
        long inbox = inboxRows();
        long keys = idempotencyKeys();
        int refused = 0;
        // a mutant may carry a later try's id (a flipped bit, an inserted digit): that try is then a duplicate
        Set<String> storedIds = new HashSet<>();

        for (int i = 0; i < tries; i++) {
            String id = "fz-" + Long.toHexString(seed) + "-" + i;
            Base base = bases.get(random.nextInt(bases.size()));
            // Meta's ids are its wamids: made new for each try, so an unchanged event is a new one.
            ObjectNode tree = (ObjectNode) MAPPER.readTree(base.json().replace("wamid.", "wamid." + id + "."));
            EventMutator.Mutant mutant = mutator.mutate(tree, id);
            HttpResponse<String> answer = base.client().send(request(base, mutant.body(), random));
            String context = String.format("seed %d, try %d, %s (%s): %d %s", seed, i, base.source(),
                    mutant.unchanged() ? "unchanged" : mutant.description(), answer.statusCode(), answer.body());

            assertThat(answer.statusCode()).as(context).isIn(CONTRACT_ANSWERS);
            if (mutant.unchanged()) {
                assertThat(answer.statusCode()).as(context).isEqualTo(200);
                for (JsonNode event : events(MAPPER.readTree(answer.body()))) {
                    boolean seen = storedIds.contains(base.source() + "/" + event.path("event_id").asText());
                    assertThat(event.path("status").asText()).as(context).isEqualTo(seen ? "duplicate" : "accepted");
                }
            }
            if (answer.statusCode() == 200) {
                String sent = new String(mutant.body(), StandardCharsets.UTF_8).replaceFirst("^\uFEFF", "");
                for (JsonNode event : events(MAPPER.readTree(answer.body()))) {
                    String status = event.path("status").asText();
                    assertThat(status).as(context).isIn("accepted", "ignored", "duplicate", "stale");
                    if (status.equals("stale")) {
                        // A mutated Meta time can make one event older than max-event-age: refused alone, not stored.
                        assertThat(jdbc.queryForList("SELECT payload FROM inbox_event WHERE event_id = ?", String.class,
                                inboxId(base.source(), event.path("event_id").asText()))).as(context).isEmpty();
                    } else if (!status.equals("duplicate")) {
                        storedIds.add(base.source() + "/" + event.path("event_id").asText());
                        inbox++;
                        keys++;
                        List<String> stored = jdbc.queryForList("SELECT payload FROM inbox_event WHERE event_id = ?", String.class,
                                inboxId(base.source(), event.path("event_id").asText()));
                        if (base.source().equals("meta")) {
                            assertThat(stored).as(context).hasSize(1);
                            assertCutDownFrom(MAPPER.readTree(sent), MAPPER.readTree(stored.get(0)), context);
                        } else {
                            assertThat(stored).as("stored as sent: " + context).containsExactly(sent);
                        }
                    }
                }
            } else {
                refused++;
            }
            assertThat(inboxRows()).as("inbox rows after " + context).isEqualTo(inbox);
            assertThat(idempotencyKeys()).as("idempotency keys after " + context).isEqualTo(keys);
            if (i % 250 == 249) {
                assertStillAccepts(bases);
                inbox += 2;
                keys += 2;
            }
        }
        assertStillAccepts(bases);
        System.out.printf("SourcesFuzzTest: %d tries, %d refused, seed %d%n", tries, refused, seed);
        assertThat(refused).as("the mutations must produce refusals, or this test proves nothing").isGreaterThan(tries / 4);
    }

    /**
     * A request signed the way the source's sender signs; to {@code vobiz} with a random one of
     * the signature encodings the SPEC allows and now and then a streamed body.
     */
    private static HttpRequest.Builder request(Base base, byte[] body, Random random) {
        String contentType = JSON_TYPES[random.nextInt(JSON_TYPES.length)];
        if (!base.source().equals("vobiz")) {
            return base.client().signed(body, contentType);
        }
        HttpRequest.Builder request = random.nextInt(20) == 0 ? base.client().streamedRequest(body, contentType)
                : base.client().request(body, contentType);
        String signature = switch (random.nextInt(4)) {
            case 0 -> Signatures.hex(VOBIZ_SECRET, body).toUpperCase(Locale.ROOT);
            case 1 -> "sha256=" + Signatures.base64(VOBIZ_SECRET, body);
            case 2 -> "sha256=" + Signatures.hex(VOBIZ_SECRET, body);
            default -> Signatures.hex(VOBIZ_SECRET, body);
        };
        return request.header("X-Vobiz-Signature", signature);
    }

    /**
     * A Meta event's payload is the notification cut down to it: one entry with one change, whose
     * value holds one message, status or call that the request held, or a change the request
     * held, whole (a change of a field other than messages and calls, whatever arrays it holds).
     */
    private static void assertCutDownFrom(JsonNode sent, JsonNode stored, String context) {
        assertThat(stored.path("object").asText()).as(context).isEqualTo("whatsapp_business_account");
        assertThat(stored.path("entry")).as(context).hasSize(1);
        assertThat(stored.path("entry").get(0).path("changes")).as(context).hasSize(1);
        JsonNode change = stored.path("entry").get(0).path("changes").get(0);
        List<JsonNode> sentChanges = new ArrayList<>();
        sent.path("entry").forEach(entry -> entry.path("changes").forEach(sentChanges::add));
        List<String> itemArrays = switch (change.path("field").asText()) {
            case "messages" -> List.of("messages", "statuses");
            case "calls" -> List.of("calls");
            default -> List.of();
        };
        for (String items : itemArrays) {
            JsonNode own = change.path("value").path(items);
            if (own.isArray() && !own.isEmpty()) {
                assertThat(own).as("one item: " + context).hasSize(1);
                List<JsonNode> sentItems = new ArrayList<>();
                sentChanges.forEach(sentChange -> sentChange.path("value").path(items).forEach(sentItems::add));
                assertThat(sentItems).as("an item the request held: " + context).contains(own.get(0));
                return;
            }
        }
        assertThat(sentChanges).as("a change the request held, whole: " + context).contains(change);
    }

    /** How a field over its limit is handled. */
    private enum Over {
        /** 400 naming the field; at the limit the column holds the value. */
        REFUSED,
        /** 400 naming the field; at the limit the event is stored, its id hashed when longer than the column. */
        ID,
        /** stored without it: the column is null; at the limit the column holds the value. */
        LEFT_OUT,
        /** an event time: stored without it, or refused with 400 naming the field (never a valid time). */
        TIME
    }

    /** One stored field of one profile: how a request carrying a value for it (and a unique id) is sent. */
    private record Field(String source, String name, String column, int limit, Over over, Sender sender) {

        @Override
        public String toString() {
            return source + " " + name + " (" + limit + ")";
        }
    }

    @FunctionalInterface
    private interface Sender {
        HttpResponse<String> send(String value, String uniqueId);
    }

    @Test
    void everyStoredFieldOfEveryProfileIsStoredAtItsLimitAndOneCharacterOverIsRefusedOrLeftOutNeverA5xx() throws IOException {
        for (Field field : storedFields()) {
            for (int length : new int[] {field.limit(), field.limit() + 1}) {
                String value = filler(field, length);
                String unique = UUID.randomUUID().toString();
                HttpResponse<String> answer = field.sender().send(value, unique);
                String context = field + " at " + length + ": " + answer.statusCode() + " " + answer.body();
                boolean over = length > field.limit();
                boolean refusable = over ? field.over() != Over.LEFT_OUT : field.over() == Over.TIME;
                assertThat(answer.statusCode()).as(context).isIn(refusable ? Set.of(200, 400) : Set.of(200));
                if (over && (field.over() == Over.REFUSED || field.over() == Over.ID)) {
                    assertThat(answer.statusCode()).as(context).isEqualTo(400);
                }
                if (answer.statusCode() == 400) {
                    assertThat(answer.body()).as(context).contains(field.name()).doesNotContain(value);
                    continue;
                }
                List<JsonNode> events = events(MAPPER.readTree(answer.body()));
                assertThat(events).as(context).hasSize(1);
                assertThat(events.get(0).path("status").asText()).as(context).isIn("accepted", "ignored");
                String inboxId = inboxId(field.source(), events.get(0).path("event_id").asText());
                Map<String, Object> row = jdbc.queryForMap("SELECT * FROM inbox_event WHERE event_id = ?", inboxId);
                String stored = (String) row.get(field.column());
                if (field.over() == Over.ID) {
                    assertThat(events.get(0).path("event_id").asText()).as("answered with the sender's id: " + context).isEqualTo(value);
                } else if (over && field.over() == Over.TIME) {
                    // Standard Webhooks falls back on its signed webhook-timestamp
                    assertThat(stored).as("left out of its column: " + context).isNotEqualTo(value);
                } else if (over) {
                    assertThat(stored).as("left out of its column: " + context).isNull();
                } else if (field.over() == Over.TIME) {
                    assertThat(stored).as(context).isIn(value, null);
                } else {
                    assertThat(stored).as("stored at its limit: " + context).isEqualTo(field.name().equals("calls[].event") ? "call." + value : value);
                }
            }
        }
    }

    /** A value of the length: an id or an event time made unique, a type of the type characters. */
    private static String filler(Field field, int length) {
        String unique = Long.toHexString(new SecureRandom().nextLong()) + "-";
        return switch (field.over()) {
            case ID, TIME -> (unique + "x".repeat(length)).substring(0, length);
            case REFUSED, LEFT_OUT -> field.name().equals("calls[].event") ? "c".repeat(length - "call.".length()) : "t." + "x".repeat(length - 2);
        };
    }

    private List<Field> storedFields() {
        WebhookClient vobiz = new WebhookClient(port, "/webhooks/vobiz", Scheme.VOBIZ_LEGACY, VOBIZ_SECRET);
        WebhookClient legacy = new WebhookClient(port, "/webhooks/legacy", Scheme.VOBIZ_LEGACY, LEGACY_SECRET);
        WebhookClient messaging = new WebhookClient(port, "/webhooks/vobiz-messaging", Scheme.VOBIZ_MESSAGING, MESSAGING_SECRET);
        WebhookClient meta = new WebhookClient(port, "/webhooks/meta", Scheme.META_WHATSAPP, META_SECRET);
        WebhookClient partner = new WebhookClient(port, "/webhooks/partner", Scheme.STANDARD_WEBHOOKS, PARTNER_SECRET);
        String now = java.time.Instant.now().toString();
        String epoch = Long.toString(java.time.Instant.now().getEpochSecond());
        List<Field> fields = new ArrayList<>();
        for (String source : List.of("vobiz", "legacy")) {
            WebhookClient client = source.equals("vobiz") ? vobiz : legacy;
            fields.add(new Field(source, "event", "EVENT_TYPE", 100, Over.REFUSED,
                    (value, id) -> client.post(legacyEvent(value, id, now, "ch_1"))));
            fields.add(new Field(source, "event_id", "EVENT_ID", 255, Over.ID, (value, id) -> client.post(legacyEvent("message.read", value, now, "ch_1"))));
            fields.add(new Field(source, "channel_id", "CHANNEL_ID", 255, Over.LEFT_OUT,
                    (value, id) -> client.post(legacyEvent("message.read", id, now, value))));
            fields.add(new Field(source, "timestamp", "EVENT_TIMESTAMP", 255, Over.TIME,
                    (value, id) -> client.post(legacyEvent("message.read", id, value, "ch_1"))));
        }
        fields.add(new Field("messaging", "event_type", "EVENT_TYPE", 100, Over.REFUSED,
                (value, id) -> messaging.post(messagingEvent(id, value, now, "acc_1"))));
        fields.add(new Field("messaging", "event_id", "EVENT_ID", 255, Over.ID,
                (value, id) -> messaging.post(messagingEvent(value, "call.connect", now, "acc_1"))));
        fields.add(new Field("messaging", "account_id", "CHANNEL_ID", 255, Over.LEFT_OUT,
                (value, id) -> messaging.post(messagingEvent(id, "call.connect", now, value))));
        fields.add(new Field("messaging", "occurred_at", "EVENT_TIMESTAMP", 255, Over.TIME,
                (value, id) -> messaging.post(messagingEvent(id, "call.connect", value, "acc_1"))));
        fields.add(new Field("meta", "messages[].id", "EVENT_ID", 255, Over.ID,
                (value, id) -> meta.post(metaChange("messages", "{\"metadata\":{\"phone_number_id\":\"1055\"},\"messages\":[{\"id\":"
                        + json(value) + ",\"from\":\"15550001111\",\"timestamp\":\"" + epoch + "\",\"type\":\"text\",\"text\":{\"body\":\"hi\"}}]}"))));
        fields.add(new Field("meta", "metadata.phone_number_id", "CHANNEL_ID", 255, Over.LEFT_OUT,
                (value, id) -> meta.post(metaChange("messages", "{\"metadata\":{\"phone_number_id\":" + json(value)
                        + "},\"messages\":[{\"id\":\"wamid." + id + "\",\"from\":\"15550001111\",\"timestamp\":\"" + epoch
                        + "\",\"type\":\"text\",\"text\":{\"body\":\"hi\"}}]}"))));
        fields.add(new Field("meta", "calls[].event", "EVENT_TYPE", 100, Over.REFUSED,
                (value, id) -> meta.post(metaChange("calls", "{\"calls\":[{\"id\":\"call_" + id + "\",\"event\":" + json(value)
                        + ",\"timestamp\":\"" + epoch + "\"}]}"))));
        fields.add(new Field("meta", "changes[].field", "EVENT_TYPE", 100, Over.REFUSED,
                (value, id) -> meta.post(metaChange(value, "{\"n\":\"" + id + "\"}"))));
        fields.add(new Field("partner", "type", "EVENT_TYPE", 100, Over.REFUSED,
                (value, id) -> partner.post(partnerEvent(value, now, "ch_1"), "msg_" + id, java.time.Instant.now())));
        fields.add(new Field("partner", "webhook-id", "EVENT_ID", 255, Over.ID,
                (value, id) -> partner.post(partnerEvent("contact.updated", now, "ch_1"), value, java.time.Instant.now())));
        fields.add(new Field("partner", "channel_id", "CHANNEL_ID", 255, Over.LEFT_OUT,
                (value, id) -> partner.post(partnerEvent("contact.updated", now, value), "msg_" + id, java.time.Instant.now())));
        fields.add(new Field("partner", "timestamp", "EVENT_TIMESTAMP", 255, Over.TIME,
                (value, id) -> partner.post(partnerEvent("contact.updated", value, "ch_1"), "msg_" + id, java.time.Instant.now())));
        return fields;
    }

    private static String legacyEvent(String type, String id, String timestamp, String channel) {
        return "{\"event\":" + json(type) + ",\"event_id\":" + json(id) + ",\"timestamp\":" + json(timestamp)
                + ",\"channel_id\":" + json(channel) + ",\"data\":{}}";
    }

    private static String messagingEvent(String id, String type, String occurredAt, String account) {
        return "{\"event_id\":" + json(id) + ",\"event_type\":" + json(type) + ",\"occurred_at\":" + json(occurredAt)
                + ",\"account_id\":" + json(account) + ",\"payload\":{}}";
    }

    private static String metaChange(String field, String value) {
        return "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"102290129340398\",\"changes\":[{\"field\":"
                + json(field) + ",\"value\":" + value + "}]}]}";
    }

    private static byte[] partnerEvent(String type, String timestamp, String channel) {
        return ("{\"type\":" + json(type) + ",\"timestamp\":" + json(timestamp) + ",\"channel_id\":" + json(channel)
                + ",\"data\":{}}").getBytes(StandardCharsets.UTF_8);
    }

    private static String json(String text) {
        return MAPPER.getNodeFactory().textNode(text).toString();
    }

    /** The events an answer names: itself when it names one, else its list. */
    private static List<JsonNode> events(JsonNode answer) {
        List<JsonNode> events = new ArrayList<>();
        if (answer.has("events")) {
            answer.get("events").forEach(events::add);
        } else {
            events.add(answer);
        }
        return events;
    }

    /** The inbox id of a source's event: {@code <source>:<id>}, hashed when longer than the column. */
    private static String inboxId(String source, String id) {
        String namespaced = source + ":" + id;
        return namespaced.length() <= 100 ? namespaced : source + ":sha256:" + Digests.sha256Hex(id);
    }

    private List<Base> bases() throws IOException {
        List<Base> bases = new ArrayList<>();
        WebhookClient vobiz = new WebhookClient(port, "/webhooks/vobiz", Scheme.VOBIZ_LEGACY, VOBIZ_SECRET);
        try (Stream<Path> samples = Files.list(Path.of("samples"))) {
            for (Path sample : samples.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                bases.add(new Base("vobiz", vobiz, FreshTimes.of(Files.readString(sample))));
            }
        }
        bases.add(new Base("vobiz", vobiz, WebhookClient.event("message.read", "base")));
        addBases(bases, "messaging", "vobiz-messaging", Scheme.VOBIZ_MESSAGING, MESSAGING_SECRET, "/webhooks/vobiz-messaging");
        addBases(bases, "meta", "meta-whatsapp", Scheme.META_WHATSAPP, META_SECRET, "/webhooks/meta");
        addBases(bases, "partner", "standard-webhooks", Scheme.STANDARD_WEBHOOKS, PARTNER_SECRET, "/webhooks/partner");
        return bases;
    }

    private void addBases(List<Base> bases, String source, String folder, Scheme scheme, String secret, String path) throws IOException {
        WebhookClient client = new WebhookClient(port, path, scheme, secret);
        try (Stream<Path> samples = Files.list(Path.of("samples", folder))) {
            for (Path sample : samples.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                bases.add(new Base(source, client, FreshTimes.of(Files.readString(sample))));
            }
        }
    }

    /** A valid event of the SPEC's format and one of vobiz-messaging are still accepted. */
    private void assertStillAccepts(List<Base> bases) {
        String vobizId = UUID.randomUUID().toString();
        assertThat(bases.get(0).client().post(WebhookClient.event("message.read", vobizId)).body()).as("a valid event after fuzzing")
                .isEqualTo("{\"status\":\"accepted\",\"event_id\":\"" + vobizId + "\"}");
        WebhookClient messaging = bases.stream().filter(base -> base.source().equals("messaging")).findFirst().orElseThrow().client();
        String id = UUID.randomUUID().toString();
        HttpResponse<String> response = messaging.post("{\"event_id\":\"" + id + "\",\"event_type\":\"call.connect\",\"payload\":{}}");
        assertThat(response.body()).as("a valid event after fuzzing").isEqualTo("{\"status\":\"accepted\",\"event_id\":\"" + id + "\"}");
    }

    private long inboxRows() {
        return jdbc.queryForObject("SELECT COUNT(*) FROM inbox_event", Long.class);
    }

    private long idempotencyKeys() {
        return jdbc.queryForObject("SELECT COUNT(*) FROM CAMEL_MESSAGEPROCESSED", Long.class);
    }
}
