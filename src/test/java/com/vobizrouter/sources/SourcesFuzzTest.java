package com.vobizrouter.sources;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.vobizrouter.testsupport.FreshTimes;
import com.vobizrouter.testsupport.EventMutator;
import com.vobizrouter.testsupport.SourceClient;
import com.vobizrouter.testsupport.SourceClient.Scheme;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Randomised intake on every profile: the samples of vobiz-messaging, meta-whatsapp and
 * standard-webhooks are mutated by {@link EventMutator}, signed again the way their sender signs,
 * and POSTed to their source on H2. Whatever the bytes, the answer is 200, 400 or 413; an
 * unmutated event is accepted; each event a 200 says was accepted or ignored is stored with
 * exactly the bytes sent (a Meta event: the notification cut down to it) and one idempotency key,
 * and nothing else is stored. The Meta source takes two events a request, as many as its largest
 * samples hold. A valid event is still accepted every 250 tries and at the end.
 *
 * <p>Reproduce or run longer with {@code -Dtest=SourcesFuzzTest -Dfuzz.seed=<seed> -Dfuzz.tries=<n>}.
 */
@CamelSpringBootTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "router.webhook.secrets=whsec_fuzz_legacy",
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
    "management.server.port=0",
    "logging.level.com.vobizrouter.intake=OFF",
    "logging.level.com.vobizrouter.dispatch=OFF"
})
class SourcesFuzzTest {

    static final String MESSAGING_SECRET = "whsub_fuzz";
    static final String META_SECRET = "meta_app_fuzz";
    static final String PARTNER_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    static final int DEFAULT_TRIES = 600;
    private static final Set<Integer> CONTRACT_ANSWERS = Set.of(200, 400, 413);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    private record Base(String source, SourceClient client, String json) {
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
            HttpResponse<String> answer = base.client().send(base.client().signed(mutant.body(),
                    random.nextBoolean() ? "application/json" : "application/json; charset=utf-8"));
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
                    assertThat(status).as(context).isIn("accepted", "ignored", "duplicate");
                    if (!status.equals("duplicate")) {
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
                inbox++;
                keys++;
            }
        }
        assertStillAccepts(bases);
        System.out.printf("SourcesFuzzTest: %d tries, %d refused, seed %d%n", tries, refused, seed);
        assertThat(refused).as("the mutations must produce refusals, or this test proves nothing").isGreaterThan(tries / 4);
    }

    /**
     * A Meta event's payload is the notification cut down to it: one entry with one change, whose
     * value holds one message, status or call that the request held, or a change the request
     * held, whole.
     */
    private static void assertCutDownFrom(JsonNode sent, JsonNode stored, String context) {
        assertThat(stored.path("object").asText()).as(context).isEqualTo("whatsapp_business_account");
        assertThat(stored.path("entry")).as(context).hasSize(1);
        assertThat(stored.path("entry").get(0).path("changes")).as(context).hasSize(1);
        JsonNode change = stored.path("entry").get(0).path("changes").get(0);
        List<JsonNode> sentChanges = new ArrayList<>();
        sent.path("entry").forEach(entry -> entry.path("changes").forEach(sentChanges::add));
        for (String items : List.of("messages", "statuses", "calls")) {
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
        if (namespaced.length() <= 100) {
            return namespaced;
        }
        try {
            return source + ":sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(id.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<Base> bases() throws IOException {
        List<Base> bases = new ArrayList<>();
        addBases(bases, "messaging", "vobiz-messaging", Scheme.VOBIZ_MESSAGING, MESSAGING_SECRET, "/webhooks/vobiz-messaging");
        addBases(bases, "meta", "meta-whatsapp", Scheme.META_WHATSAPP, META_SECRET, "/webhooks/meta");
        addBases(bases, "partner", "standard-webhooks", Scheme.STANDARD_WEBHOOKS, PARTNER_SECRET, "/webhooks/partner");
        return bases;
    }

    private void addBases(List<Base> bases, String source, String folder, Scheme scheme, String secret, String path) throws IOException {
        SourceClient client = new SourceClient(port, path, scheme, secret);
        try (Stream<Path> samples = Files.list(Path.of("samples", folder))) {
            for (Path sample : samples.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                bases.add(new Base(source, client, FreshTimes.of(Files.readString(sample))));
            }
        }
    }

    private void assertStillAccepts(List<Base> bases) {
        SourceClient messaging = bases.get(0).client();
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
