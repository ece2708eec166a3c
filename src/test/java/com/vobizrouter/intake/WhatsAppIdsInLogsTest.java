package com.vobizrouter.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import com.vobizrouter.inbox.Masking;
import com.vobizrouter.testsupport.RouterTest;
import com.vobizrouter.testsupport.WebhookClient;
import com.vobizrouter.testsupport.WebhookClient.Scheme;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A Meta notification leaves no customer's number in the logs, at any level: not in the request
 * line, not in the dispatcher's lines, not in base64 inside a wamid. Ids are logged as
 * {@code wamid#<hash>}, the same in every line of one message.
 */
@ExtendWith(OutputCaptureExtension.class)
@RouterTest({
    "router.webhook.secrets=whsec_whatsapp_logs",
    "router.sources.meta.path=/webhooks/meta",
    "router.sources.meta.profile=meta-whatsapp",
    "router.sources.meta.secrets=" + WhatsAppIdsInLogsTest.META_SECRET,
    "router.sources.meta.verify-token=verify-whatsapp-logs",
    "router.dispatch.poll-interval=50",
    // A database of its own: the dispatcher of another cached router must not take these events.
    "spring.datasource.url=jdbc:h2:mem:whatsapp-logs;DB_CLOSE_DELAY=-1",
    // Each package named: a level another cached router set for a package stays until set again.
    "logging.level.com.vobizrouter=DEBUG",
    "logging.level.com.vobizrouter.intake=DEBUG",
    "logging.level.com.vobizrouter.dispatch=DEBUG",
    "logging.level.com.vobizrouter.sink=DEBUG",
    "logging.level.com.vobizrouter.inbox=DEBUG"
})
class WhatsAppIdsInLogsTest {

    static final String META_SECRET = "meta-app-secret-whatsapp-logs";

    private static final String CUSTOMER = "919876501234";
    private static final String OTHER_CUSTOMER = "447700900123";

    @LocalServerPort
    int port;

    @Test
    void logsNoWamidAndNoNumberOfAMetaWebhook(CapturedOutput output) {
        String message = wamid(CUSTOMER);
        String other = wamid(OTHER_CUSTOMER);
        String status = wamid(OTHER_CUSTOMER);
        String now = Long.toString(Instant.now().getEpochSecond());
        String notification = "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"102290129340398\",\"changes\":[{\"value\":{"
                + "\"messaging_product\":\"whatsapp\",\"metadata\":{\"display_phone_number\":\"15550783881\",\"phone_number_id\":\"106540352242922\"},"
                + "\"contacts\":[{\"profile\":{\"name\":\"Priya Sharma\"},\"wa_id\":\"" + CUSTOMER + "\"},"
                + "{\"profile\":{\"name\":\"Sara Khan\"},\"wa_id\":\"" + OTHER_CUSTOMER + "\"}],"
                + "\"messages\":[{\"from\":\"" + CUSTOMER + "\",\"id\":\"" + message + "\",\"timestamp\":\"" + now
                + "\",\"type\":\"text\",\"text\":{\"body\":\"call me on +91 98765 01234\"}},"
                + "{\"from\":\"" + OTHER_CUSTOMER + "\",\"id\":\"" + other + "\",\"timestamp\":\"" + now
                + "\",\"type\":\"text\",\"text\":{\"body\":\"hello\"}}],"
                + "\"statuses\":[{\"id\":\"" + status + "\",\"status\":\"delivered\",\"timestamp\":\"" + now
                + "\",\"recipient_id\":\"" + OTHER_CUSTOMER + "\"}]},\"field\":\"messages\"}]}]}";
        WebhookClient meta = new WebhookClient(port, "/webhooks/meta", Scheme.META_WHATSAPP, META_SECRET);

        HttpResponse<String> first = meta.post(notification);
        HttpResponse<String> again = meta.post(notification);

        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        assertThat(first.body()).as("the answer keeps the sender's own ids").contains(message).contains("\"accepted\"");
        assertThat(again.body()).contains("duplicate");
        // Zendesk has no credentials here: the dispatcher parks the messages and says so in a line with the event id.
        await().atMost(Duration.ofSeconds(20)).until(() -> output.getAll().contains("event meta:" + Masking.text(message) + " waits"));
        String logs = output.getAll();
        assertThat(logs).contains("event_id=" + Masking.text(message));
        for (String secret : List.of(message, other, status, message.substring(6, 26), status.substring(6, 26), CUSTOMER,
                OTHER_CUSTOMER, "98765 01234")) {
            assertThat(logs).as("the logs hold " + secret).doesNotContain(secret);
        }
    }

    /** A new wamid as Meta makes them: base64 of the customer's number and a random message key. */
    private static String wamid(String number) {
        String key = UUID.randomUUID().toString().replace("-", "").toUpperCase(Locale.ROOT);
        byte[] raw = ("\u0018\u000c" + number + "\u0015\u0002\u0000\u0012\u0018\u0020" + key).getBytes(StandardCharsets.ISO_8859_1);
        return "wamid." + Base64.getEncoder().encodeToString(raw);
    }
}
