package com.vobizrouter.intake;

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
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.vobizrouter.testsupport.FreshTimes;
import com.vobizrouter.inbox.EventIds;
import com.vobizrouter.testsupport.EventMutator;
import com.vobizrouter.testsupport.RouterTest;
import com.vobizrouter.testsupport.Signatures;
import com.vobizrouter.testsupport.WebhookClient;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Randomised intake: valid signed events (the seven samples and a status event) are mutated by
 * {@link EventMutator}, the mutated bytes are signed again, and each is POSTed to the running
 * router on H2. Whatever the bytes, the answer is 200, 400 or 413 (never a 5xx, never 401 for a
 * correct signature over the exact bytes); an unmutated event is accepted; a 200 {@code accepted}
 * or {@code ignored} stored exactly the bytes sent and one idempotency key, and every other
 * answer stored nothing. Every 250 tries and at the end a valid event must still be accepted.
 *
 * <p>The seed is printed at the start and in every failure. Reproduce or run longer with
 * {@code ./mvnw -B test -Dtest=IntakeFuzzTest -Dfuzz.seed=<seed> -Dfuzz.tries=100000}; the
 * default number of tries keeps this test well under a minute on two cores.
 */
@RouterTest({
    "router.webhook.secrets=" + IntakeFuzzTest.SECRET,
    "spring.datasource.url=jdbc:h2:mem:intake-fuzz;DB_CLOSE_DELAY=-1",
    "logging.level.com.vobizrouter.intake=OFF",
    "logging.level.com.vobizrouter.dispatch=OFF"
})
@Tag("slow")
class IntakeFuzzTest {

    static final String SECRET = "whsec_fuzz";
    static final int DEFAULT_TRIES = 1500;
    private static final Set<Integer> CONTRACT_ANSWERS = Set.of(200, 400, 413);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String[] JSON_TYPES = {"application/json", "application/json", "application/json",
        "application/json; charset=utf-8", "Application/JSON", "application/vnd.vobiz+json"};

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void mutatedSignedEventsAreNeverAnswered5xxAndWhatIsRefusedIsNeverStored(WebhookClient vobiz) throws IOException {
        long seed = Long.getLong("fuzz.seed", new SecureRandom().nextLong());
        int tries = Integer.getInteger("fuzz.tries", DEFAULT_TRIES);
        System.out.printf("IntakeFuzzTest: -Dfuzz.seed=%d -Dfuzz.tries=%d%n", seed, tries);
        Random random = new Random(seed);
        EventMutator mutator = new EventMutator(random);
        List<ObjectNode> bases = baseEvents();
        long inbox = inboxRows();
        long keys = idempotencyKeys();
        int refused = 0;
        // a mutant may carry a later try's id (an inserted digit): that try is then a duplicate
        Set<String> storedIds = new HashSet<>();

        for (int i = 0; i < tries; i++) {
            String id = "fz-" + Long.toHexString(seed) + "-" + i;
            EventMutator.Mutant mutant = mutator.mutate(bases.get(random.nextInt(bases.size())), id);
            HttpResponse<String> answer = vobiz.send(request(vobiz, mutant.body(), random));
            String context = String.format("seed %d, try %d (%s): body %s -> %d %s", seed, i,
                    mutant.unchanged() ? "unchanged" : mutant.description(), printable(mutant.body()), answer.statusCode(), answer.body());

            assertThat(answer.statusCode()).as(context).isIn(CONTRACT_ANSWERS);
            if (mutant.unchanged()) {
                assertThat(answer.body()).as(context)
                        .contains(storedIds.contains(id) ? "\"status\":\"duplicate\"" : "\"status\":\"accepted\"");
            }
            if (answer.statusCode() == 200) {
                JsonNode json = MAPPER.readTree(answer.body());
                String status = json.path("status").asText();
                assertThat(status).as(context).isIn("accepted", "ignored", "duplicate");
                if (!status.equals("duplicate")) {
                    storedIds.add(json.path("event_id").asText());
                    inbox++;
                    keys++;
                    String sent = new String(mutant.body(), StandardCharsets.UTF_8).replaceFirst("^\uFEFF", "");
                    assertThat(jdbc.queryForList("SELECT payload FROM inbox_event WHERE event_id = ?", String.class,
                            EventIds.stored("vobiz", json.path("event_id").asText()))).as("stored as sent: " + context).containsExactly(sent);
                }
            } else {
                refused++;
            }
            assertThat(inboxRows()).as("inbox rows after " + context).isEqualTo(inbox);
            assertThat(idempotencyKeys()).as("idempotency keys after " + context).isEqualTo(keys);
            if (i % 250 == 249) {
                assertStillAccepts(vobiz, "fz-alive-" + Long.toHexString(seed) + "-" + i);
                inbox++;
                keys++;
            }
        }
        assertStillAccepts(vobiz, "fz-alive-" + Long.toHexString(seed) + "-end");
        System.out.printf("IntakeFuzzTest: %d tries, %d refused, seed %d%n", tries, refused, seed);
        assertThat(refused).as("the mutations must produce refusals, or this test proves nothing").isGreaterThan(tries / 4);
    }

    private static HttpRequest.Builder request(WebhookClient vobiz, byte[] body, Random random) {
        String contentType = JSON_TYPES[random.nextInt(JSON_TYPES.length)];
        HttpRequest.Builder request = random.nextInt(20) == 0 ? vobiz.streamedRequest(body, contentType) : vobiz.request(body, contentType);
        String signature = switch (random.nextInt(4)) {
            case 0 -> Signatures.hex(SECRET, body).toUpperCase(Locale.ROOT);
            case 1 -> "sha256=" + Signatures.base64(SECRET, body);
            case 2 -> "sha256=" + Signatures.hex(SECRET, body);
            default -> Signatures.hex(SECRET, body);
        };
        return request.header("X-Vobiz-Signature", signature);
    }

    private void assertStillAccepts(WebhookClient vobiz, String id) {
        HttpResponse<String> response = vobiz.post(WebhookClient.event("message.read", id));
        assertThat(response.body()).as("a valid event after fuzzing").isEqualTo("{\"status\":\"accepted\",\"event_id\":\"" + id + "\"}");
    }

    private long inboxRows() {
        return jdbc.queryForObject("SELECT COUNT(*) FROM inbox_event", Long.class);
    }

    private long idempotencyKeys() {
        return jdbc.queryForObject("SELECT COUNT(*) FROM CAMEL_MESSAGEPROCESSED", Long.class);
    }

    private static List<ObjectNode> baseEvents() throws IOException {
        List<ObjectNode> bases = new ArrayList<>();
        try (Stream<Path> samples = Files.list(Path.of("samples"))) {
            for (Path sample : samples.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                bases.add((ObjectNode) MAPPER.readTree(FreshTimes.of(Files.readAllBytes(sample))));
            }
        }
        bases.add((ObjectNode) MAPPER.readTree(WebhookClient.event("message.read", "base")));
        return bases;
    }

    private static String printable(byte[] body) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < Math.min(body.length, 300); i++) {
            int b = body[i] & 0xff;
            text.append(b >= 0x20 && b < 0x7f ? String.valueOf((char) b) : String.format("\\x%02x", b));
        }
        return text + (body.length > 300 ? "…(" + body.length + " bytes)" : "");
    }
}
