package com.vobizrouter.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.vobizrouter.intake.source.MetaWhatsAppProfile;
import com.vobizrouter.intake.source.WebhookSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** The checks across settings that stop start-up with a source that could not work, naming the key. */
class SourceSettingsTest {

    static final String WHSEC = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    private static SourcesProperties.Source source(String path, SourcesProperties.Profile profile, List<String> secrets,
            String verifyToken, List<String> events, List<String> allowedCidrs) {
        return source(path, profile, secrets, verifyToken, events, allowedCidrs, MetaWhatsAppProfile.DEFAULT_MAX_EVENTS);
    }

    private static SourcesProperties.Source source(String path, SourcesProperties.Profile profile, List<String> secrets,
            String verifyToken, List<String> events, List<String> allowedCidrs, int maxEvents) {
        return new SourcesProperties.Source(path, profile, secrets, "X-Vobiz-Signature", verifyToken, Duration.ofMinutes(5), events,
                allowedCidrs, maxEvents, null);
    }

    private static SourceSettings settings(Map<String, SourcesProperties.Source> sources) {
        Binder binder = new Binder(new MapConfigurationPropertySource(Map.of("router.webhook.secrets", "legacy-secret",
                "router.webhook.allowed-cidrs", "198.51.100.0/24", "router.events.enabled",
                "message.received,message.sent,message.delivered,message.read,message.failed,contact.updated,campaign.completed")));
        WebhookSettings webhook = binder.bindOrCreate("router.webhook", WebhookSettings.class);
        DispatchSettings dispatch = binder.bindOrCreate("router.dispatch", DispatchSettings.class);
        EventSettings events = binder.bindOrCreate("router.events", EventSettings.class);
        return new SourceSettings(new SourcesProperties(sources), webhook, events, new SettingsValidator(webhook, dispatch), Duration.ofDays(7),
                Clock.systemUTC());
    }

    @Test
    void buildsEachProfileWithItsDefaultTypesAndTheCommonAddressRules() {
        SourceSettings settings = settings(Map.of(
                "messaging", source("/webhooks/vobiz-messaging", SourcesProperties.Profile.VOBIZ_MESSAGING, List.of("a"), null, null, null),
                "meta", source("/webhooks/meta", SourcesProperties.Profile.META_WHATSAPP, List.of("b"), "token", null, List.of()),
                "partner", source("/webhooks/partner", SourcesProperties.Profile.STANDARD_WEBHOOKS, List.of(WHSEC), null,
                        List.of("order.*"), null),
                "legacy2", source("/webhooks/legacy2", SourcesProperties.Profile.VOBIZ_LEGACY, List.of("c"), null, null, null)));

        assertThat(settings.sources()).extracting(WebhookSource::name).containsExactly("legacy2", "messaging", "meta", "partner");
        WebhookSource messaging = settings.sources().get(1);
        assertThat(messaging.profile().name()).isEqualTo("vobiz-messaging");
        assertThat(messaging.events().enabled("message.inbound")).isTrue();
        assertThat(messaging.events().enabled("message.status")).isTrue();
        assertThat(messaging.events().enabled("call.terminate")).isTrue();
        assertThat(messaging.events().enabled("template.status_update")).isFalse();
        assertThat(messaging.processorName()).isEqualTo("source:messaging");
        assertThat(messaging.inboxId("f4c1a0d2")).isEqualTo("messaging:f4c1a0d2");
        assertThat(messaging.inboxId("x".repeat(120))).startsWith("messaging:sha256:").hasSizeLessThanOrEqualTo(100);
        assertThat(settings.sources().get(3).events().enabled("order.shipped")).isTrue();
        assertThat(settings.sources().get(3).events().enabled("contact.updated")).isFalse();
        assertThat(settings.sources().get(0).events().enabled("campaign.completed")).isTrue();
    }

    @Test
    void refusesTheNameOfTheRouterWebhookSourceAndAPathTakenTwice() {
        assertThatThrownBy(() -> settings(Map.of("vobiz", source("/webhooks/other", SourcesProperties.Profile.VOBIZ_MESSAGING,
                List.of("a"), null, null, null)))).hasMessageStartingWith("router.sources.vobiz:");
        assertThatThrownBy(() -> settings(Map.of("messaging", source("/webhooks/vobiz", SourcesProperties.Profile.VOBIZ_MESSAGING,
                List.of("a"), null, null, null)))).hasMessageStartingWith("router.sources.messaging.path:");
        assertThatThrownBy(() -> settings(Map.of(
                "one", source("/webhooks/same", SourcesProperties.Profile.VOBIZ_MESSAGING, List.of("a"), null, null, null),
                "two", source("/webhooks/same", SourcesProperties.Profile.VOBIZ_MESSAGING, List.of("b"), null, null, null))))
                .hasMessageStartingWith("router.sources.two.path:");
    }

    @Test
    void refusesBlankSecretsAMetaSourceWithoutVerifyTokenAndSecretsStandardWebhooksCannotUse() {
        assertThatThrownBy(() -> settings(Map.of("messaging", source("/webhooks/m", SourcesProperties.Profile.VOBIZ_MESSAGING,
                List.of(" "), null, null, null)))).hasMessageStartingWith("router.sources.messaging.secrets:")
                .hasMessageContaining("ROUTER_SOURCES_MESSAGING_SECRETS");
        assertThatThrownBy(() -> settings(Map.of("meta", source("/webhooks/meta", SourcesProperties.Profile.META_WHATSAPP,
                List.of("app"), " ", null, null)))).hasMessageStartingWith("router.sources.meta.verify-token:");
        for (String secret : List.of("not base64!", "whsec_c2hvcnQ=", "plain-text-secret-of-some-length")) {
            assertThatThrownBy(() -> settings(Map.of("partner", source("/webhooks/p", SourcesProperties.Profile.STANDARD_WEBHOOKS,
                    List.of(secret), null, null, null)))).hasMessageStartingWith("router.sources.partner.secrets:")
                    .hasMessageNotContaining(secret);
        }
    }

    @Test
    void refusesAnEventPatternThatIsNoneOfTheThreeFormsAndABadAddressRange() {
        assertThatThrownBy(() -> settings(Map.of("m", source("/webhooks/m", SourcesProperties.Profile.VOBIZ_MESSAGING, List.of("a"),
                null, List.of("message.*.x"), null)))).hasMessageStartingWith("router.sources.m.events:");
        assertThatThrownBy(() -> settings(Map.of("m", source("/webhooks/m", SourcesProperties.Profile.VOBIZ_MESSAGING, List.of("a"),
                null, null, List.of("10.0.0.0/40"))))).hasMessageStartingWith("router.sources.m.allowed-cidrs:");
    }

    @Test
    void refusesAMaxEventsBelowOneNamingTheKey() {
        for (int maxEvents : new int[] {0, -5}) {
            assertThatThrownBy(() -> settings(Map.of("meta", source("/webhooks/meta", SourcesProperties.Profile.META_WHATSAPP,
                    List.of("app"), "token", null, null, maxEvents)))).hasMessageStartingWith("router.sources.meta.max-events:");
        }
        assertThat(settings(Map.of("meta", source("/webhooks/meta", SourcesProperties.Profile.META_WHATSAPP, List.of("app"), "token",
                null, null, 1))).sources()).hasSize(1);
    }
}
