package com.vobizrouter.dispatch;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import com.vobizrouter.testsupport.FakeBusinessSystems;
import com.vobizrouter.testsupport.WebhookClient;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Messages of one customer that are dispatched at the same time (a burst, or the backlog of a
 * Zendesk outage delivered on recovery) still make one ticket for the conversation: the first
 * opens it, the others wait their turn, without calling Zendesk meanwhile, and comment on it.
 * Without taking turns each delivery found no ticket and opened its own.
 */
@CamelSpringBootTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "router.webhook.secrets=" + ConversationTicketTest.SECRET,
    "spring.datasource.url=jdbc:h2:mem:conversation;DB_CLOSE_DELAY=-1",
    "router.dispatch.poll-interval=50",
    "management.server.port=0",
    "logging.level.com.vobizrouter=ERROR"
})
class ConversationTicketTest {

    static final String SECRET = "whsec_conversation";
    private static final int MESSAGES = 8;
    private static final FakeBusinessSystems FAKES = new FakeBusinessSystems();

    static {
        // Zendesk answering in 100 ms: the deliveries of the burst overlap.
        FAKES.drillAnswers(100);
    }

    @DynamicPropertySource
    static void fakes(DynamicPropertyRegistry registry) {
        FAKES.routerProperties().forEach((key, value) -> registry.add(key, () -> value));
    }

    @AfterAll
    static void stopFakes() {
        FAKES.close();
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aBurstOfMessagesFromOneCustomerOpensOneTicketWithEveryMessageOnceOnIt() {
        WebhookClient vobiz = new WebhookClient(port, "/webhooks/vobiz", SECRET);
        String contact = "cnt_burst_" + UUID.randomUUID();
        List<String> messages = IntStream.range(0, MESSAGES).mapToObj(i -> "wamid.burst." + UUID.randomUUID()).toList();
        // Each delivery takes four Zendesk calls of 100 ms: the burst arrives faster than that.
        for (String message : messages) {
            assertThat(vobiz.post("{\"event\":\"message.received\",\"event_id\":\"evt_" + message + "\",\"data\":{\"message_id\":\""
                    + message + "\",\"contact\":{\"id\":\"" + contact + "\",\"name\":\"Burst Customer\"},\"type\":\"text\","
                    + "\"text\":{\"body\":\"part of a burst\"}}}").body()).contains("\"accepted\"");
        }

        await().atMost(Duration.ofSeconds(60)).until(() ->
                jdbc.queryForObject("SELECT COUNT(*) FROM inbox_event WHERE status = 'DONE'", Long.class) == MESSAGES);

        assertThat(FAKES.zendesk().ticketsPerConversation()).isEqualTo(Map.of("vobiz-conversation-" + contact, 1));
        Map<String, Integer> comments = FAKES.zendesk().commentsPerMessage();
        assertThat(comments.keySet()).containsExactlyInAnyOrderElementsOf(messages);
        assertThat(comments.values()).allMatch(count -> count == 1);
        assertThat(FAKES.server().findAll(postRequestedFor(urlPathEqualTo("/api/v2/users/create_or_update.json"))))
                .as("waiting for its turn costs no Zendesk call").hasSize(MESSAGES);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM dead_letter", Long.class)).isZero();
    }
}
