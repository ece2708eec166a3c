package com.vobizrouter.drills;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import com.vobizrouter.dispatch.InboxDispatcher;
import com.vobizrouter.testsupport.FakeBusinessSystems;
import com.vobizrouter.testsupport.Postgres;
import com.vobizrouter.testsupport.RequiresPostgres;
import com.vobizrouter.testsupport.RouterInstance;
import com.vobizrouter.testsupport.WebhookClient;
import com.vobizrouter.testsupport.WithFakeBusinessSystems;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * A Zendesk that answers 429 to everything for a while, seen by two routers on one PostgreSQL
 * database with production defaults: the pause its {@code Retry-After} asks for holds on both
 * instances (no Zendesk call from either while it runs, once the other has read it: at most a
 * second, plus a call already under way), no attempt is spent on it, and once Zendesk lets calls
 * through again every message is commented once, on one ticket per conversation.
 */
@RequiresPostgres
@WithFakeBusinessSystems
@Tag("slow")
class ZendeskRateLimitTwoInstancesTest {

    private static final String SECRET = "whsec_two_429";
    private static final int RETRY_AFTER_SECONDS = 5;
    /** How long after a 429 the other instance may still call: its pause read is a second old at most, plus a call in flight. */
    private static final Duration SEEN_BY_ALL_WITHIN = Duration.ofMillis(1500);
    private static final int CONVERSATIONS = 10;
    private static final int MESSAGES_EACH = 3;

    @Test
    void aStormOf429sPausesZendeskOnBothInstancesForItsRetryAfterAndEveryMessageIsCommentedOnceAfter(FakeBusinessSystems fakes) {
        fakes.drillAnswers(20);
        String database = DrillSettings.freshDatabase("zendesk_429");
        Map<String, String> properties = DrillSettings.routerProperties(fakes, database);
        properties.put("router.webhook.secrets", SECRET);
        properties.put("logging.level.com.vobizrouter", "WARN");
        JdbcTemplate jdbc = new JdbcTemplate(new DriverManagerDataSource(database, Postgres.USER, Postgres.PASSWORD));

        try (RouterInstance first = RouterInstance.start(properties); RouterInstance second = RouterInstance.start(properties)) {
            StubMapping storm = fakes.server().stubFor(any(urlPathMatching("/api/v2/.*")).atPriority(1).willReturn(aResponse().withStatus(429)
                    .withHeader("Retry-After", String.valueOf(RETRY_AFTER_SECONDS)).withBody("{\"error\":\"APIRateLimitExceeded\"}")));
            List<WebhookClient> instances = List.of(new WebhookClient(first.port(), "/webhooks/vobiz", SECRET),
                    new WebhookClient(second.port(), "/webhooks/vobiz", SECRET));
            List<String> events = new ArrayList<>();
            String run = UUID.randomUUID().toString().substring(0, 8);
            for (int m = 0; m < MESSAGES_EACH; m++) {
                for (int c = 0; c < CONVERSATIONS; c++) {
                    String eventId = "evt_429_" + run + "_" + c + "_" + m;
                    String json = "{\"event\":\"message.received\",\"event_id\":\"" + eventId + "\",\"data\":{\"message_id\":\"wamid." + eventId
                            + "\",\"contact\":{\"id\":\"cnt_429_" + run + "_" + c + "\",\"name\":\"Customer " + c + "\"},\"type\":\"text\","
                            + "\"text\":{\"body\":\"message " + m + "\"}}}";
                    assertThat(instances.get(events.size() % 2).post(json).body()).contains("\"accepted\"");
                    events.add(eventId);
                }
            }

            // Two rounds of the storm: the first pause ran out, the calls came back, and were refused again.
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                List<Instant> refused = refusedAt(fakes);
                return refused.size() >= 2 && Duration.between(refused.get(0), refused.get(refused.size() - 1))
                        .compareTo(Duration.ofSeconds(RETRY_AFTER_SECONDS)) >= 0;
            });
            fakes.server().removeStub(storm);
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> jdbc.queryForObject(
                    "SELECT COUNT(*) FROM inbox_event WHERE status = 'DONE' AND event_id LIKE ?", Integer.class, "vobiz:evt_429_" + run + "%")
                    == events.size());

            List<Instant> calls = zendeskCallsAt(fakes);
            for (Instant refused : refusedAt(fakes)) {
                Instant quietFrom = refused.plus(SEEN_BY_ALL_WITHIN);
                Instant quietUntil = refused.plusSeconds(RETRY_AFTER_SECONDS).minusMillis(100);
                assertThat(calls).as("Zendesk calls while the pause asked for by the 429 at " + refused + " ran")
                        .noneMatch(at -> at.isAfter(quietFrom) && at.isBefore(quietUntil));
            }
            for (RouterInstance instance : List.of(first, second)) {
                assertThat(instance.bean(MeterRegistry.class).counter("vobiz.sink.budget.waits", "sink", "zendesk", "reason", "paused").count())
                        .as("events that waited for the pause on each instance").isPositive();
            }
            // Which instance delivers what after the pause is a race between their polls (one claim can take every event due).
            assertThat(first.bean(InboxDispatcher.class).delivered() + second.bean(InboxDispatcher.class).delivered())
                    .as("events delivered by the two instances together").isEqualTo(events.size());
            assertThat(jdbc.queryForObject("SELECT COALESCE(MAX(attempts), 0) FROM inbox_event WHERE event_id LIKE ?", Integer.class,
                    "vobiz:evt_429_" + run + "%")).as("no attempt spent on a pause").isZero();
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM dead_letter", Integer.class)).isZero();
            assertThat(fakes.zendesk().commentsPerMessage()).hasSize(events.size()).allSatisfy((message, count) -> assertThat(count).isEqualTo(1));
            assertThat(fakes.zendesk().ticketsPerConversation()).hasSize(CONVERSATIONS)
                    .allSatisfy((conversation, tickets) -> assertThat(tickets).isEqualTo(1));
        }
    }

    /** When each call the fake answered 429 reached it, in order. */
    private static List<Instant> refusedAt(FakeBusinessSystems fakes) {
        return fakes.server().getAllServeEvents().stream().filter(event -> event.getResponse() != null && event.getResponse().getStatus() == 429)
                .map(event -> event.getRequest().getLoggedDate().toInstant()).sorted().toList();
    }

    private static List<Instant> zendeskCallsAt(FakeBusinessSystems fakes) {
        return fakes.server().getAllServeEvents().stream().filter(event -> event.getRequest().getUrl().startsWith("/api/v2/"))
                .map(ServeEvent::getRequest).map(request -> request.getLoggedDate().toInstant()).sorted().toList();
    }
}
