package com.vobizrouter.sink;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.vobizrouter.testsupport.FakeBusinessSystems;
import com.vobizrouter.testsupport.RouterTest;
import com.vobizrouter.testsupport.WebhookClient;
import com.vobizrouter.testsupport.WithFakeBusinessSystems;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A business system that answers with a redirect to another origin never gets the router's
 * credentials (or the event's data) sent there: Zendesk (camel-zendesk's calls and the ticket
 * creation beside it) and Salesforce (its login and the Contact upsert) follow no redirect, and
 * the redirect fails that delivery for good, with the status in its dead letter. The other origin
 * is a second fake server on another port, which must receive no request at all.
 */
@RouterTest({
    "router.webhook.secrets=whsec_redirects",
    "spring.datasource.url=jdbc:h2:mem:redirects;DB_CLOSE_DELAY=-1",
    "router.dispatch.poll-interval=50",
    "router.dispatch.initial-backoff=100ms",
    "router.dispatch.max-backoff=200ms",
    "router.dispatch.max-attempts=3",
    "router.sinks.zendesk.rate-limit=0",
    "logging.level.com.vobizrouter=ERROR"
})
@WithFakeBusinessSystems
class RedirectedCredentialsTest {

    private static final WireMockServer ELSEWHERE = new WireMockServer(options().dynamicPort());

    @Autowired
    JdbcTemplate jdbc;

    FakeBusinessSystems fakes;

    WebhookClient vobiz;

    @BeforeAll
    static void anotherOrigin() {
        ELSEWHERE.start();
        ELSEWHERE.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("{}")));
    }

    @AfterAll
    static void stopTheOtherOrigin() {
        ELSEWHERE.stop();
    }

    @BeforeEach
    void standardAnswers() {
        fakes.standardAnswers();
        ELSEWHERE.resetRequests();
    }

    @Test
    void aZendeskCallAnsweredWithARedirectToAnotherOriginIsNotFollowedAndDeadLettersWithTheStatus() {
        fakes.server().stubFor(post(urlPathEqualTo("/api/v2/users/create_or_update.json")).atPriority(1)
                .willReturn(redirectTo("/api/v2/users/create_or_update.json")));

        String event = deliver(messageEvent());

        assertThat(requestsElsewhere()).as("requests to the other origin").isEmpty();
        assertThat(deadLetter(event)).containsEntry("SINK", "zendesk");
        assertThat((String) deadLetter(event).get("REASON")).contains("307");
    }

    @Test
    void aZendeskTicketCreationAnsweredWithARedirectToAnotherOriginIsNotFollowed() {
        fakes.server().stubFor(post(urlPathEqualTo("/api/v2/tickets.json")).atPriority(1)
                .willReturn(redirectTo("/api/v2/tickets.json")));

        String event = deliver(messageEvent());

        assertThat(fakes.server().findAll(postRequestedFor(
                urlPathEqualTo("/api/v2/tickets.json")))).as("the ticket creation was tried").isNotEmpty();
        assertThat(requestsElsewhere()).as("requests to the other origin").isEmpty();
        assertThat((String) deadLetter(event).get("REASON")).contains("307");
    }

    @Test
    void aSalesforceLoginAnsweredWithARedirectToAnotherOriginIsNotFollowed() {
        fakes.server().stubFor(post(urlPathEqualTo("/services/oauth2/token")).atPriority(1)
                .willReturn(redirectTo("/services/oauth2/token")));
        // A session left by another test is refused, so the router logs in again.
        fakes.server().stubFor(any(urlPathEqualTo(FakeBusinessSystems.CONTACT_COLLECTION)).atPriority(1)
                .willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/json")
                        .withBody("[{\"errorCode\":\"INVALID_SESSION_ID\",\"message\":\"Session expired or invalid\"}]")));

        String event = deliver(contactEvent());

        assertThat(fakes.server().findAll(postRequestedFor(
                urlPathEqualTo("/services/oauth2/token")))).as("the login was tried").isNotEmpty();
        assertThat(requestsElsewhere()).as("requests to the other origin").isEmpty();
        assertThat(deadLetter(event)).containsEntry("SINK", "salesforce");
        assertThat((String) deadLetter(event).get("REASON")).contains("307");
    }

    @Test
    void aSalesforceUpsertAnsweredWithARedirectToAnotherOriginIsNotFollowedAndDeadLettersWithTheStatus() {
        fakes.server().stubFor(any(urlPathEqualTo(FakeBusinessSystems.CONTACT_COLLECTION)).atPriority(1)
                .willReturn(redirectTo(FakeBusinessSystems.CONTACT_COLLECTION)));

        String event = deliver(contactEvent());

        assertThat(fakes.contactCalls()).as("the upsert was tried").isPositive();
        assertThat(requestsElsewhere()).as("requests to the other origin").isEmpty();
        assertThat(deadLetter(event)).containsEntry("SINK", "salesforce");
        assertThat((String) deadLetter(event).get("REASON")).contains("307");
    }

    /** What the other origin received, oldest last: method, path and whether credentials came along. */
    private static List<String> requestsElsewhere() {
        return ELSEWHERE.getAllServeEvents().stream().map(served -> served.getRequest().getMethod() + " " + served.getRequest().getUrl()
                + (served.getRequest().containsHeader("Authorization") ? " with an Authorization header" : "")).toList();
    }

    private static ResponseDefinitionBuilder redirectTo(String path) {
        return aResponse().withStatus(307).withHeader("Location", ELSEWHERE.baseUrl() + path);
    }

    private static String messageEvent() {
        String id = UUID.randomUUID().toString();
        return "{\"event\":\"message.received\",\"event_id\":\"evt_" + id + "\",\"timestamp\":\"" + Instant.now()
                + "\",\"data\":{\"message_id\":\"wamid.redirect." + id + "\",\"contact\":{\"id\":\"cnt_redirect_" + id
                + "\",\"name\":\"Red Irect\"},\"type\":\"text\",\"text\":{\"body\":\"hello\"}}}";
    }

    private static String contactEvent() {
        String id = UUID.randomUUID().toString();
        return "{\"event\":\"contact.updated\",\"event_id\":\"evt_" + id + "\",\"timestamp\":\"" + Instant.now()
                + "\",\"data\":{\"contact\":{\"id\":\"cnt_redirect_" + id + "\",\"name\":\"Red Irect\"}}}";
    }

    /** Sends the event and waits for its dead letter; the sender's event id. */
    private String deliver(String event) {
        assertThat(vobiz.post(event).body()).contains("\"accepted\"");
        String id = event.substring(event.indexOf("evt_"), event.indexOf('"', event.indexOf("evt_")));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> jdbc.queryForObject(
                "SELECT COUNT(*) FROM dead_letter WHERE event_id LIKE ?", Integer.class, "%" + id) > 0);
        return id;
    }

    private Map<String, Object> deadLetter(String id) {
        return jdbc.queryForMap("SELECT * FROM dead_letter WHERE event_id LIKE ?", "%" + id);
    }
}
