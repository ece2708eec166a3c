package com.vobizrouter.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.vobizrouter.testsupport.FreshTimes;
import com.vobizrouter.testsupport.RouterInstance;
import com.vobizrouter.testsupport.WebhookClient;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A newcomer's first run: the demo profile with its Salesforce and Zendesk stand-ins. The seven
 * samples, signed with the demo secret, become a contact, a ticket with the message, status rows
 * and a campaign row, all visible through the admin API the console reads, within seconds.
 */
@Tag("slow")
class DemoProfileTest {

    @Test
    void theSamplesFlowToEveryBusinessSystemWithNoAccounts() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        try (RouterInstance router = RouterInstance.start(Map.of(
                "spring.profiles.active", "demo",
                "server.port", String.valueOf(port),
                "spring.datasource.url", "jdbc:h2:mem:demo;DB_CLOSE_DELAY=-1",
                "router.dispatch.poll-interval", "50"))) {
            WebhookClient vobiz = new WebhookClient(port, "/webhooks/vobiz", "demo-secret");
            List<Path> samples;
            try (var files = Files.list(Path.of("samples"))) {
                samples = files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
            }
            for (Path sample : samples) {
                assertThat(vobiz.post(FreshTimes.of(Files.readAllBytes(sample))).body()).contains("\"accepted\"");
            }

            HttpRequest demo = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + router.managementPort() + "/admin/demo"))
                    .header("Authorization", "Bearer demo").build();
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                JsonNode seen = new ObjectMapper().readTree(HttpClient.newHttpClient().send(demo, HttpResponse.BodyHandlers.ofString()).body());
                assertThat(seen.at("/salesforceContacts/0/LastName").asText()).isEqualTo("Doe");
                assertThat(seen.at("/zendeskTickets/0/subject").asText()).isEqualTo("WhatsApp conversation with John Doe");
                assertThat(seen.at("/zendeskTickets/0/comments/0").asText()).startsWith("Hello, I'd like to know where my order");
                assertThat(seen.get("messageStatus")).hasSize(2);
                assertThat(seen.at("/campaignResults/0/total_count").asInt()).isEqualTo(1500);
            });
        }
    }
}
