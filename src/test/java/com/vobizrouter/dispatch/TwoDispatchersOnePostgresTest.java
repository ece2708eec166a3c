package com.vobizrouter.dispatch;

import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import com.vobizrouter.testsupport.FakeBusinessSystems;
import com.vobizrouter.testsupport.PostgresSchema;
import com.vobizrouter.testsupport.RequiresPostgres;
import com.vobizrouter.testsupport.RouterInstance;
import com.vobizrouter.testsupport.WebhookClient;
import com.vobizrouter.testsupport.WithFakeBusinessSystems;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Two router instances dispatch from one PostgreSQL inbox at the same time. Their claims never
 * overlap: each event reaches Salesforce exactly once and both instances take part.
 */
@RequiresPostgres
@WithFakeBusinessSystems
@Tag("slow")
class TwoDispatchersOnePostgresTest {

    private static final String SECRET = "whsec_two_dispatchers";
    private static final int EVENTS = 120;

    @Test
    void deliversEachEventOnceWhenTwoInstancesClaimFromOneInbox(FakeBusinessSystems fakes, PostgresSchema schema) {
        fakes.server().stubFor(any(urlPathEqualTo(FakeBusinessSystems.CONTACT_COLLECTION))
                .willReturn(FakeBusinessSystems.contactsUpserted().withFixedDelay(20)));
        Map<String, String> properties = new HashMap<>(fakes.routerProperties());
        properties.putAll(schema.routerProperties());
        properties.put("router.webhook.secrets", SECRET);
        properties.put("router.dispatch.poll-interval", "20");
        properties.put("router.dispatch.batch-size", "5");
        properties.put("router.dispatch.concurrency", "4");
        try (RouterInstance first = RouterInstance.start(properties); RouterInstance second = RouterInstance.start(properties)) {
            WebhookClient vobiz = new WebhookClient(first.port(), "/webhooks/vobiz", SECRET);
            List<String> contacts = IntStream.range(0, EVENTS).mapToObj(i -> "cnt_two_" + i + "_" + UUID.randomUUID()).toList();
            for (String contact : contacts) {
                assertThat(vobiz.post("{\"event\":\"contact.updated\",\"event_id\":\"evt_" + contact + "\",\"data\":{\"contact\":"
                        + "{\"id\":\"" + contact + "\",\"name\":\"Two Instances\"}}}").body()).contains("\"accepted\"");
            }
            JdbcTemplate jdbc = first.bean(JdbcTemplate.class);
            await().atMost(Duration.ofSeconds(60)).until(() ->
                    jdbc.queryForObject("SELECT COUNT(*) FROM inbox_event WHERE status = 'DONE'", Long.class) == EVENTS);

            Map<String, Long> calls = fakes.contactRecords().stream().map(record -> record.get("Vobiz_Contact_Id__c").asText())
                    .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
            assertThat(calls.keySet()).containsExactlyInAnyOrderElementsOf(contacts);
            assertThat(calls.values()).as("no event delivered by both instances").allMatch(count -> count == 1);
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM vobiz_event", Long.class)).isEqualTo(EVENTS);
            assertThat(first.bean(InboxDispatcher.class).delivered()).as("first instance took part").isPositive();
            assertThat(second.bean(InboxDispatcher.class).delivered()).as("second instance took part").isPositive();
        }
    }
}
