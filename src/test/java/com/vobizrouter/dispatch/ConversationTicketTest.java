package com.vobizrouter.dispatch;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import com.vobizrouter.testsupport.FakeBusinessSystems;
import com.vobizrouter.testsupport.RouterTest;
import com.vobizrouter.testsupport.WebhookClient;
import com.vobizrouter.testsupport.WithFakeBusinessSystems;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Messages of one customer that are dispatched at the same time (a burst, or the backlog of a
 * Zendesk outage delivered on recovery) still make one ticket for the conversation: the first
 * opens it, the others wait their turn, without calling Zendesk meanwhile, and comment on it.
 * Without taking turns each delivery found no ticket and opened its own.
 */
@RouterTest({
    "router.webhook.secrets=whsec_conversation",
    "spring.datasource.url=jdbc:h2:mem:conversation;DB_CLOSE_DELAY=-1",
    "router.dispatch.poll-interval=50",
    "logging.level.com.vobizrouter=ERROR"
})
@WithFakeBusinessSystems
class ConversationTicketTest {

    private static final int MESSAGES = 8;

    @Autowired
    JdbcTemplate jdbc;

    @BeforeAll
    static void zendeskAnswersIn100Milliseconds(FakeBusinessSystems fakes) {
        // The deliveries of the burst overlap.
        fakes.drillAnswers(100);
    }

    @Test
    void aBurstOfMessagesFromOneCustomerOpensOneTicketWithEveryMessageOnceOnIt(FakeBusinessSystems fakes, WebhookClient vobiz) {
        String contact = "cnt_burst_" + UUID.randomUUID();
        List<String> messages = IntStream.range(0, MESSAGES).mapToObj(i -> "wamid.burst." + UUID.randomUUID()).toList();
        // Each delivery takes at least one Zendesk call of 100 ms: the burst arrives faster than that.
        for (String message : messages) {
            assertThat(vobiz.post("{\"event\":\"message.received\",\"event_id\":\"evt_" + message + "\",\"data\":{\"message_id\":\""
                    + message + "\",\"contact\":{\"id\":\"" + contact + "\",\"name\":\"Burst Customer\"},\"type\":\"text\","
                    + "\"text\":{\"body\":\"part of a burst\"}}}").body()).contains("\"accepted\"");
        }

        await().atMost(Duration.ofSeconds(60)).until(() ->
                jdbc.queryForObject("SELECT COUNT(*) FROM inbox_event WHERE status = 'DONE'", Long.class) == MESSAGES);

        assertThat(fakes.zendesk().ticketsPerConversation()).isEqualTo(Map.of("vobiz-conversation-" + contact, 1));
        Map<String, Integer> comments = fakes.zendesk().commentsPerMessage();
        assertThat(comments.keySet()).containsExactlyInAnyOrderElementsOf(messages);
        assertThat(comments.values()).allMatch(count -> count == 1);
        assertThat(fakes.server().findAll(anyRequestedFor(urlPathMatching("/api/v2/.*"))))
                .as("the requester and the ticket once, then one comment a message: waiting for its turn costs no Zendesk call")
                .hasSize(MESSAGES + 1);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM dead_letter", Long.class)).isZero();
    }
}
