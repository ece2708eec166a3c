package com.vobizrouter.sources;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.UUID;

import com.vobizrouter.testsupport.ProfileEvents;
import com.vobizrouter.testsupport.WebhookClient;
import com.vobizrouter.testsupport.WebhookClient.Scheme;
import org.apache.camel.CamelContext;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A company that takes only today's Vobiz format: {@code router.webhook.enabled=false} and no
 * {@code ROUTER_WEBHOOK_SECRETS}, one source under {@code router.sources} and another switched off.
 * The router starts; the paths of the sources switched off answer 404 and nothing serves them,
 * while the source that is on takes its events.
 */
@CamelSpringBootTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "management.server.port=0",
    "spring.datasource.url=jdbc:h2:mem:sources-switched-off;DB_CLOSE_DELAY=-1",
    "router.webhook.enabled=false",
    "router.webhook.secrets=",
    "router.sources.messaging.path=/webhooks/vobiz-messaging",
    "router.sources.messaging.profile=vobiz-messaging",
    "router.sources.messaging.secrets=" + SourcesSwitchedOffTest.SECRET,
    "router.sources.meta.enabled=false",
    "router.sources.meta.path=/webhooks/meta",
    "router.sources.meta.profile=meta-whatsapp"
})
class SourcesSwitchedOffTest {

    static final String SECRET = "whsub_switched";

    @LocalServerPort
    int port;

    @Autowired
    CamelContext camel;

    @Test
    void theVobizSourceSwitchedOffAnswers404WithoutASecretAndTheOtherSourcesStillTakeEvents() {
        HttpResponse<String> vobiz = new WebhookClient(port, "/webhooks/vobiz", "any-secret")
                .post(WebhookClient.event("message.read", "evt_" + UUID.randomUUID()));
        WebhookClient messaging = new WebhookClient(port, "/webhooks/vobiz-messaging", Scheme.VOBIZ_MESSAGING, SECRET);
        String id = UUID.randomUUID().toString();

        assertThat(vobiz.statusCode()).isEqualTo(404);
        assertThat(camel.getRoute("vobiz-intake")).isNull();
        assertThat(messaging.post(ProfileEvents.dispatched(Scheme.VOBIZ_MESSAGING, id)).body()).contains("\"accepted\"");
    }

    @Test
    void aSourceSwitchedOffAnswers404AndNeedsNoSecret() {
        WebhookClient meta = new WebhookClient(port, "/webhooks/meta", Scheme.META_WHATSAPP, "any-secret");

        assertThat(meta.post(SourcesEndToEndTest.sample("meta-whatsapp", "statuses.json")).statusCode()).isEqualTo(404);
        assertThat(meta.send(meta.method("GET", "hub.mode=subscribe&hub.verify_token=x&hub.challenge=1")).statusCode()).isEqualTo(404);
        assertThat(camel.getRoute("source-meta")).isNull();
    }
}
