package com.vobizrouter.sink.zendesk;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.vobizrouter.testsupport.FakeBusinessSystems;
import com.vobizrouter.testsupport.RouterTest;
import com.vobizrouter.testsupport.WebhookClient;
import com.vobizrouter.testsupport.WithFakeBusinessSystems;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What a customer message costs in Zendesk API calls, counted from the fake Zendesk's request
 * journal (a Zendesk that remembers users, tickets and comments): the requester and the ticket are
 * remembered in the database once, so every later message of the conversation is one call; a
 * ticket is opened with an idempotency key, a closed one is replaced, and only a message whose
 * earlier call had an unknown outcome makes the router look at the ticket's comments.
 */
@RouterTest({
    "router.webhook.secrets=whsec_zendesk_calls",
    "spring.datasource.url=jdbc:h2:mem:zendeskcalls;DB_CLOSE_DELAY=-1",
    "router.dispatch.poll-interval=50",
    "router.dispatch.initial-backoff=100ms",
    "router.dispatch.max-backoff=200ms",
    // The calls each delivery makes are counted here; a budget running dry between two of them
    // defers the rest by design and adds the look of a message in doubt (SinkBudgetsTest,
    // ZendeskRateLimitTwoInstancesTest and the drills test the budget).
    "router.sinks.zendesk.rate-limit=0",
    "logging.level.com.vobizrouter=ERROR"
})
@WithFakeBusinessSystems
class ZendeskApiCallsTest {

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    MeterRegistry meters;

    FakeBusinessSystems fakes;

    WebhookClient vobiz;

    private final String contact = "cnt_calls_" + UUID.randomUUID();

    @BeforeEach
    void aZendeskThatRemembers() {
        fakes.drillAnswers(0);
    }

    @Test
    void theRequesterAndTicketAreRememberedOnceAndEachLaterMessageOfTheConversationIsExactlyOneCall() {
        double commentsCounted = counted("createComment");

        String first = deliver("where is my order?");
        assertThat(zendeskCalls()).as("first message: the requester, then the ticket").containsExactly(
                "POST /api/v2/users/create_or_update.json", "POST /api/v2/tickets.json");

        for (int i = 2; i <= 10; i++) {
            int before = zendeskCalls().size();
            deliver("message " + i);
            assertThat(zendeskCalls().subList(before, zendeskCalls().size())).as("message " + i)
                    .containsExactly("PUT /api/v2/tickets/" + ticketOf(contact) + ".json");
        }

        assertThat(zendeskCalls()).as("ten messages of one conversation").hasSize(11);
        assertThat(fakes.zendesk().ticketsPerConversation()).isEqualTo(Map.of(conversation(), 1));
        assertThat(fakes.zendesk().commentsPerMessage()).hasSize(10).containsEntry(first, 1).allSatisfy((message, count) -> assertThat(count).isEqualTo(1));
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM zendesk_user WHERE contact_key = ?", Long.class, "vobiz-contact-" + contact))
                .isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM zendesk_ticket WHERE conversation_key = ?", Long.class, conversation()))
                .isEqualTo(1);
        assertThat(counted("createComment") - commentsCounted).as("vobiz_sink_api_calls_total{operation=createComment}").isEqualTo(9);
    }

    @Test
    void aTicketOpenedAgainWithTheSameIdempotencyKeyIsTheTicketOpenedTheFirstTime() {
        String message = deliver("first words");
        long ticket = ticketOf(contact);
        stoppedAfterTheTicketWasOpenedBeforeItWasRemembered(message);

        redeliver(message);

        List<ServeEvent> creations = fakes.server().getAllServeEvents().stream()
                .filter(event -> "POST".equals(event.getRequest().getMethod().getName()) && "/api/v2/tickets.json".equals(path(event)))
                .toList();
        assertThat(creations).hasSize(2);
        assertThat(creations).extracting(event -> event.getRequest().getHeader("Idempotency-Key")).doesNotContainNull()
                .containsOnly(creations.get(0).getRequest().getHeader("Idempotency-Key"));
        assertThat(creations).anySatisfy(replay -> assertThat(replay.getResponse().getHeaders().getHeader("x-idempotency-lookup")
                .containsValue("hit")).isTrue());
        assertThat(fakes.zendesk().ticketsPerConversation()).isEqualTo(Map.of(conversation(), 1));
        assertThat(fakes.zendesk().commentsPerMessage()).isEqualTo(Map.of(message, 1));
        assertThat(ticketOf(contact)).isEqualTo(ticket);
    }

    @Test
    void aMessageAfterAnotherWhoseRouterStoppedWhileOpeningTheTicketFindsThatTicketAndNothingIsDoubled() {
        String first = deliver("first words");
        long ticket = ticketOf(contact);
        // The conversation's lock then passed to another delivery, with the opening still recorded.
        stoppedAfterTheTicketWasOpenedBeforeItWasRemembered(first);
        jdbc.update("INSERT INTO zendesk_ticket_opening (conversation_key, message_key, started_at) VALUES (?, ?, CURRENT_TIMESTAMP)",
                conversation(), conversation() + "/" + first);
        int before = zendeskCalls().size();

        String second = deliver("are you there?");

        assertThat(zendeskCalls().subList(before, zendeskCalls().size())).as("the ticket looked up, then the comment")
                .containsExactly("GET /api/v2/tickets.json", "PUT /api/v2/tickets/" + ticket + ".json");
        assertThat(ticketOf(contact)).isEqualTo(ticket);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM zendesk_ticket_opening WHERE conversation_key = ?", Integer.class,
                conversation())).as("no opening in doubt once the ticket is remembered").isZero();

        redeliver(first);

        assertThat(fakes.zendesk().ticketsPerConversation()).isEqualTo(Map.of(conversation(), 1));
        assertThat(fakes.zendesk().commentsPerMessage()).isEqualTo(Map.of(first, 1, second, 1));
    }

    @Test
    void aTicketOpeningInDoubtLongAfterZendeskForgotItsKeyFindsTheTicketByTheConversation() {
        String message = deliver("first words");
        long ticket = ticketOf(contact);
        // As if the router had stopped after Zendesk opened the ticket, and the event came back
        // (a dead letter replayed) after Zendesk forgot the idempotency key.
        jdbc.update("DELETE FROM zendesk_ticket WHERE conversation_key = ?", conversation());
        jdbc.update("UPDATE zendesk_message SET state = 'SENDING', updated_at = ? WHERE message_key = ?",
                Timestamp.from(Instant.now().minus(Duration.ofHours(3))), conversation() + "/" + message);
        fakes.zendesk().forgetIdempotencyKeys();
        int before = zendeskCalls().size();

        redeliver(message);

        assertThat(zendeskCalls().subList(before, zendeskCalls().size())).containsExactly("GET /api/v2/tickets.json",
                "GET /api/v2/tickets/" + ticket + "/comments.json");
        assertThat(fakes.zendesk().ticketsPerConversation()).isEqualTo(Map.of(conversation(), 1));
        assertThat(fakes.zendesk().commentsPerMessage()).isEqualTo(Map.of(message, 1));
        assertThat(ticketOf(contact)).isEqualTo(ticket);
    }

    @Test
    void aMessageForAClosedTicketOpensANewTicketThatIsRememberedForTheNextMessages() {
        deliver("my parcel is late");
        long closed = ticketOf(contact);
        fakes.zendesk().close(closed);

        String reopening = deliver("it is late again");
        long opened = ticketOf(contact);
        int before = zendeskCalls().size();
        deliver("any news?");

        assertThat(opened).isNotEqualTo(closed);
        assertThat(zendeskCalls().subList(before, zendeskCalls().size())).containsExactly("PUT /api/v2/tickets/" + opened + ".json");
        assertThat(fakes.zendesk().ticketsPerConversation()).isEqualTo(Map.of(conversation(), 2));
        assertThat(fakes.zendesk().tickets()).filteredOn(ticket -> ((Number) ticket.get("id")).longValue() == opened).singleElement()
                .satisfies(ticket -> assertThat((List<?>) ticket.get("comments")).hasSize(2)
                        .first().asString().contains("[WhatsApp message " + reopening + "]"));
        assertThat(fakes.zendesk().commentsPerMessage().values()).containsOnly(1);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM dead_letter", Long.class)).isZero();
    }

    @Test
    void aMessageForADeletedTicketOpensANewTicketThatIsRemembered() {
        deliver("hello");
        // The remembered ticket is no longer in Zendesk.
        jdbc.update("UPDATE zendesk_ticket SET ticket_id = 999999 WHERE conversation_key = ?", conversation());
        int before = zendeskCalls().size();

        String message = deliver("still there?");

        assertThat(zendeskCalls().subList(before, zendeskCalls().size())).containsExactly("PUT /api/v2/tickets/999999.json",
                "POST /api/v2/tickets.json");
        assertThat(ticketOf(contact)).isNotEqualTo(999999L);
        assertThat(fakes.zendesk().ticketsPerConversation()).isEqualTo(Map.of(conversation(), 2));
        assertThat(fakes.zendesk().commentsPerMessage()).containsEntry(message, 1);
    }

    @Test
    void aCommentWhoseEarlierCallHadAnUnknownOutcomeIsLookedForAndNotAddedTwice() {
        deliver("hello");
        String message = deliver("did this arrive?");
        long ticket = ticketOf(contact);
        // As if the router had stopped while Zendesk was adding the comment.
        jdbc.update("UPDATE zendesk_message SET state = 'SENDING' WHERE message_key = ?", conversation() + "/" + message);
        int before = zendeskCalls().size();

        redeliver(message);

        assertThat(zendeskCalls().subList(before, zendeskCalls().size())).as("the comments looked at, none added")
                .containsExactly("GET /api/v2/tickets/" + ticket + "/comments.json");
        assertThat(fakes.zendesk().commentsPerMessage()).containsEntry(message, 1);
    }

    @Test
    void aCommentWhoseCallFailedIsLookedForOnTheRetryAndAddedOnce() {
        deliver("hello");
        long ticket = ticketOf(contact);
        fakes.server().stubFor(put(urlPathMatching("/api/v2/tickets/[0-9]+\\.json")).atPriority(1).inScenario("flaky")
                .whenScenarioStateIs(Scenario.STARTED).willSetStateTo("recovered")
                .willReturn(aResponse().withStatus(503).withBody("{\"error\":\"unavailable\"}")));
        int before = zendeskCalls().size();
        double refusalsCounted = counted("createComment", "503");

        String message = deliver("are you there?");

        assertThat(jdbc.queryForObject("SELECT attempts FROM inbox_event WHERE event_id = ?", Integer.class, "vobiz:evt_" + message)).isEqualTo(1);
        assertThat(zendeskCalls().subList(before, zendeskCalls().size())).containsExactly("PUT /api/v2/tickets/" + ticket + ".json",
                "GET /api/v2/tickets/" + ticket + "/comments.json", "PUT /api/v2/tickets/" + ticket + ".json");
        assertThat(fakes.zendesk().commentsPerMessage()).containsEntry(message, 1);
        assertThat(counted("createComment", "503") - refusalsCounted).as("vobiz_sink_api_calls_total{status=503}").isEqualTo(1);
    }

    /** Sends a message of this test's conversation and waits until it is delivered; its message id. */
    private String deliver(String text) {
        String message = "wamid.calls." + UUID.randomUUID();
        assertThat(vobiz.post("{\"event\":\"message.received\",\"event_id\":\"evt_" + message + "\",\"data\":{\"message_id\":\"" + message
                + "\",\"contact\":{\"id\":\"" + contact + "\",\"name\":\"Call Counter\"},\"type\":\"text\",\"text\":{\"body\":\"" + text
                + "\"}}}").body()).contains("\"accepted\"");
        awaitDone(message);
        return message;
    }

    /** Delivers the message's event again, as after a crash before it was marked done. */
    private void redeliver(String message) {
        jdbc.update("UPDATE inbox_event SET status = 'PENDING', next_attempt_at = CURRENT_TIMESTAMP WHERE event_id = ?", "vobiz:evt_" + message);
        awaitDone(message);
    }

    private void awaitDone(String message) {
        await().atMost(Duration.ofSeconds(20)).until(() -> "DONE".equals(jdbc.queryForObject(
                "SELECT status FROM inbox_event WHERE event_id = ?", String.class, "vobiz:evt_" + message)));
    }

    /** As if the router had stopped after Zendesk opened the ticket for {@code message}, before it remembered it. */
    private void stoppedAfterTheTicketWasOpenedBeforeItWasRemembered(String message) {
        jdbc.update("DELETE FROM zendesk_ticket WHERE conversation_key = ?", conversation());
        jdbc.update("UPDATE zendesk_message SET state = 'SENDING' WHERE message_key = ?", conversation() + "/" + message);
    }

    private String conversation() {
        return "vobiz-conversation-" + contact;
    }

    private long ticketOf(String contact) {
        return jdbc.queryForObject("SELECT ticket_id FROM zendesk_ticket WHERE conversation_key = ?", Long.class,
                "vobiz-conversation-" + contact);
    }

    /** Every Zendesk API call so far, oldest first, as "METHOD path". */
    private List<String> zendeskCalls() {
        List<String> calls = new ArrayList<>(fakes.server().getAllServeEvents().stream().filter(event -> path(event).startsWith("/api/v2/"))
                .map(event -> event.getRequest().getMethod().getName() + " " + path(event)).toList());
        // The journal lists the newest first.
        Collections.reverse(calls);
        return calls;
    }

    private double counted(String operation) {
        return counted(operation, "ok");
    }

    private double counted(String operation, String status) {
        var counter = meters.find("vobiz.sink.api.calls").tags("sink", "zendesk", "operation", operation, "status", status).counter();
        return counter == null ? 0 : counter.count();
    }

    private static String path(ServeEvent event) {
        return URI.create(event.getRequest().getUrl()).getPath();
    }
}
