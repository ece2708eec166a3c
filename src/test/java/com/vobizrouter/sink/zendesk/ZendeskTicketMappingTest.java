package com.vobizrouter.sink.zendesk;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.vobizrouter.testsupport.OnH2;
import com.vobizrouter.testsupport.ApplicationJson;
import com.vobizrouter.testsupport.FakeBusinessSystems;
import com.vobizrouter.testsupport.RouterTest;
import com.vobizrouter.testsupport.WebhookClient;
import com.vobizrouter.testsupport.WithFakeBusinessSystems;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A mapping of destination zendesk of an engineer's own: the tags, priority and custom fields it
 * gives, and its subject, comment and requester, are what the ticket-creation request carries.
 */
@OnH2
@RouterTest({
    "router.webhook.secrets=whsec_ticket_mapping",
    "router.dispatch.poll-interval=50",
    "logging.level.com.vobizrouter=ERROR"
})
@WithFakeBusinessSystems
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class ZendeskTicketMappingTest {

    static final String MAPPING = """
            {
              requester: {name: .data.contact.name, email: "\\(.data.contact.id)@customers.example.com"},
              subject: "Order question from \\(.data.contact.name)",
              comment: .data.text.body,
              tags: ["whatsapp", $source, "order"],
              priority: (if (.data.text.body | test("order"; "i")) then "high" else "normal" end),
              custom_fields: [{id: 360001234567, value: .channel_id}, {id: 360007654321, value: ["vip", "emea"]}]
            }""";

    @DynamicPropertySource
    static void ticketMapping(DynamicPropertyRegistry registry) {
        registry.add("router.destinations.zendesk.mapping", () -> MAPPING);
    }

    @Autowired
    JdbcTemplate jdbc;

    FakeBusinessSystems fakes;

    WebhookClient vobiz;

    @Test
    void theTagsPriorityAndCustomFieldsOfTheMappingReachTheTicketCreation() throws Exception {
        String eventId = "evt_" + UUID.randomUUID();
        String messageId = "wamid." + UUID.randomUUID();
        assertThat(vobiz.post("{\"event\":\"message.received\",\"event_id\":\"" + eventId + "\",\"timestamp\":\"" + Instant.now()
                + "\",\"channel_id\":\"ch_abc123\",\"data\":{\"message_id\":\"" + messageId + "\",\"from\":\"+1234567890\","
                + "\"contact\":{\"id\":\"cnt_xyz789\",\"name\":\"John Doe\",\"phone\":\"+1234567890\"},\"type\":\"text\","
                + "\"text\":{\"body\":\"Where is my order #4521?\"}}}").body()).contains("\"accepted\"");
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> assertThat(jdbc.queryForObject(
                "SELECT status FROM inbox_event WHERE event_id = ?", String.class, "vobiz:" + eventId)).isEqualTo("DONE"));

        List<LoggedRequest> created = fakes.server().findAll(postRequestedFor(urlPathEqualTo("/api/v2/tickets.json")));
        assertThat(created).hasSize(1);
        JsonNode ticket = ApplicationJson.MAPPER.readTree(created.get(0).getBodyAsString()).get("ticket");
        assertThat(ticket.get("tags")).isEqualTo(ApplicationJson.MAPPER.readTree("[\"whatsapp\",\"vobiz\",\"order\"]"));
        assertThat(ticket.get("priority").asText()).isEqualTo("high");
        assertThat(ticket.get("custom_fields")).isEqualTo(ApplicationJson.MAPPER.readTree(
                "[{\"id\":360001234567,\"value\":\"ch_abc123\"},{\"id\":360007654321,\"value\":[\"vip\",\"emea\"]}]"));
        assertThat(ticket.get("subject").asText()).isEqualTo("Order question from John Doe");
        assertThat(ticket.get("external_id").asText()).isEqualTo("vobiz-conversation-cnt_xyz789");
        assertThat(ticket.at("/comment/body").asText()).isEqualTo("Where is my order #4521?\n\n[WhatsApp message " + messageId + "]");

        JsonNode user = ApplicationJson.MAPPER.readTree(fakes.server().findAll(postRequestedFor(
                urlPathEqualTo("/api/v2/users/create_or_update.json"))).get(0).getBodyAsString()).get("user");
        assertThat(user.get("name").asText()).isEqualTo("John Doe");
        assertThat(user.get("email").asText()).isEqualTo("cnt_xyz789@customers.example.com");
        assertThat(user.get("external_id").asText()).isEqualTo("vobiz-contact-cnt_xyz789");
    }
}
