package com.vobizrouter.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.vobizrouter.testsupport.RouterProcess;
import com.vobizrouter.testsupport.WebhookClient;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spring Boot's structured logging is one setting away: with
 * {@code logging.structured.format.console=ecs} every line is a JSON object, the request line
 * included, and still without the body's phone numbers.
 */
@Tag("slow")
class StructuredLoggingTest {

    @TempDir
    Path logs;

    @Test
    void writesOneJsonObjectPerLineWhenStructuredLoggingIsOn() throws Exception {
        // Without digits: a run of seven digits (a UUID can hold one) is masked in logs like a phone number.
        String id = "evt_" + UUID.randomUUID().toString().replaceAll("[0-9]", "g");
        try (RouterProcess router = RouterProcess.start(logs, "whsec_json", Map.of(
                "spring.datasource.url", "jdbc:h2:mem:json",
                "logging.structured.format.console", "ecs"))) {
            new WebhookClient(router.port(), "/webhooks/vobiz", "whsec_json").post("{\"event\":\"message.received\",\"event_id\":\"" + id
                    + "\",\"data\":{\"from\":\"+919812345678\"}}");
            router.killHard();
        }
        Path log;
        try (var files = Files.list(logs)) {
            log = files.filter(f -> f.getFileName().toString().startsWith("router-")).findFirst().orElseThrow();
        }
        List<String> lines = Files.readAllLines(log).stream().filter(line -> line.startsWith("{")).toList();
        assertThat(lines).as(Files.readString(log)).isNotEmpty();
        ObjectMapper json = new ObjectMapper();
        JsonNode request = null;
        for (String line : lines) {
            JsonNode node = json.readTree(line);
            if (node.path("message").asText().startsWith("webhook accepted event_id=" + id)) {
                request = node;
            }
        }
        assertThat(request).as("the request line, as JSON").isNotNull();
        assertThat(request.path("log").path("logger").asText()).isEqualTo("com.vobizrouter.intake");
        assertThat(Files.readString(log)).doesNotContain("9812345678");
    }
}
