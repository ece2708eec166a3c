package com.vobizrouter.dispatch;

import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import com.vobizrouter.testsupport.FakeBusinessSystems;
import com.vobizrouter.testsupport.RouterProcess;
import com.vobizrouter.testsupport.WebhookClient;
import com.vobizrouter.testsupport.WithFakeBusinessSystems;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The router is killed with SIGKILL while it is delivering a batch to a slow Salesforce, then
 * started again on the same database. Every accepted event is delivered; the only events sent
 * twice are those whose call was in flight at the kill (at most router.dispatch.concurrency), and
 * the upsert by external id makes that repeat harmless. The database sink stores each once.
 */
@WithFakeBusinessSystems
@Tag("slow")
class DispatcherCrashTest {

    private static final String SECRET = "whsec_crash";
    private static final int EVENTS = 40;
    private static final int CONCURRENCY = 4;

    @TempDir
    Path dataDir;

    @Test
    void deliversEveryAcceptedEventAfterAKillMidBatchAndRepeatsOnlyWhatWasInFlight(FakeBusinessSystems fakes) throws Exception {
        fakes.server().stubFor(any(urlPathEqualTo(FakeBusinessSystems.CONTACT_COLLECTION))
                .willReturn(FakeBusinessSystems.contactsUpserted().withFixedDelay(250)));
        // AUTO_SERVER lets the test read the database while the router process holds it.
        String jdbcUrl = "jdbc:h2:file:" + dataDir.resolve("router").toAbsolutePath() + ";WRITE_DELAY=0;AUTO_SERVER=TRUE";
        Map<String, String> properties = new HashMap<>(fakes.routerProperties());
        properties.put("spring.datasource.url", jdbcUrl);
        properties.put("router.dispatch.concurrency", String.valueOf(CONCURRENCY));
        properties.put("router.dispatch.poll-interval", "50");
        // One record per call, so what was in flight at the kill is exactly what is repeated.
        properties.put("router.sinks.salesforce.batch-linger", "0");
        List<String> contacts = IntStream.range(0, EVENTS).mapToObj(i -> "cnt_crash_" + i + "_" + UUID.randomUUID()).toList();

        try (RouterProcess router = RouterProcess.start(dataDir, SECRET, properties)) {
            WebhookClient vobiz = new WebhookClient(router.port(), "/webhooks/vobiz", SECRET);
            for (String contact : contacts) {
                assertThat(vobiz.post("{\"event\":\"contact.updated\",\"event_id\":\"evt_" + contact + "\",\"data\":{\"contact\":"
                        + "{\"id\":\"" + contact + "\",\"name\":\"Crash Test\"}}}").body()).contains("\"accepted\"");
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> fakes.contactRecords().size() >= 8);
            router.killHard();
        }
        int beforeRestart = fakes.contactRecords().size();
        assertThat(beforeRestart).as("killed mid-way").isLessThan(EVENTS);

        try (RouterProcess router = RouterProcess.start(dataDir, SECRET, properties)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> countDone(jdbcUrl) == EVENTS);
            router.killHard();
        }

        Map<String, Long> callsPerContact = fakes.contactRecords().stream()
                .map(record -> record.get("Vobiz_Contact_Id__c").asText())
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        assertThat(callsPerContact.keySet()).as("every accepted event delivered").isEqualTo(Set.copyOf(contacts));
        assertThat(callsPerContact.values().stream().filter(calls -> calls > 1).count())
                .as("repeated only what was in flight at the kill").isLessThanOrEqualTo(CONCURRENCY);
        assertThat(callsPerContact.values()).allMatch(calls -> calls <= 2);
        try (Connection connection = DriverManager.getConnection(jdbcUrl, "sa", "");
             ResultSet rows = connection.createStatement().executeQuery("SELECT COUNT(*), COUNT(DISTINCT event_id) FROM vobiz_event")) {
            rows.next();
            assertThat(rows.getLong(1)).isEqualTo(EVENTS);
            assertThat(rows.getLong(2)).isEqualTo(EVENTS);
        }
    }

    private static long countDone(String jdbcUrl) throws Exception {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, "sa", "");
             ResultSet rows = connection.createStatement().executeQuery("SELECT COUNT(*) FROM inbox_event WHERE status = 'DONE'")) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
