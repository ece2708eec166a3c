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
class WebhookSourcesTest {

    static final String WHSEC = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    private static SourcesSettings.Source source(String path, SourcesSettings.Profile profile, List<String> secrets,
            String verifyToken, List<String> events, List<String> allowedCidrs) {
        return source(path, profile, secrets, verifyToken, events, allowedCidrs, MetaWhatsAppProfile.DEFAULT_MAX_EVENTS);
    }

    private static SourcesSettings.Source source(String path, SourcesSettings.Profile profile, List<String> secrets,
            String verifyToken, List<String> events, List<String> allowedCidrs, int maxEvents) {
        return new SourcesSettings.Source(true, path, profile, secrets, "X-Vobiz-Signature", verifyToken, Duration.ofMinutes(5), events,
                allowedCidrs, maxEvents, null);
    }

    private static WebhookSources settings(Map<String, SourcesSettings.Source> sources) {
        return settings(Map.of("router.webhook.secrets", "legacy-secret"), sources);
    }

    private static WebhookSources settings(Map<String, String> webhookSettings, Map<String, SourcesSettings.Source> sources) {
        Map<String, String> values = new java.util.HashMap<>(webhookSettings);
        values.put("router.webhook.allowed-cidrs", "198.51.100.0/24");
        values.put("router.events.enabled",
                "message.received,message.sent,message.delivered,message.read,message.failed,contact.updated,campaign.completed");
        Binder binder = new Binder(new MapConfigurationPropertySource(values));
        WebhookSettings webhook = binder.bindOrCreate("router.webhook", WebhookSettings.class);
        DispatchSettings dispatch = binder.bindOrCreate("router.dispatch", DispatchSettings.class);
        EventSettings events = binder.bindOrCreate("router.events", EventSettings.class);
        return new WebhookSources(new SourcesSettings(sources), webhook, events, new SettingsValidator(webhook, dispatch), Duration.ofDays(7),
                Clock.systemUTC());
    }

    @Test
    void buildsEachProfileWithItsDefaultTypesAndTheCommonAddressRules() {
        WebhookSources settings = settings(Map.of(
                "messaging", source("/webhooks/vobiz-messaging", SourcesSettings.Profile.VOBIZ_MESSAGING, List.of("a"), null, null, null),
                "meta", source("/webhooks/meta", SourcesSettings.Profile.META_WHATSAPP, List.of("b"), "token", null, List.of()),
                "partner", source("/webhooks/partner", SourcesSettings.Profile.STANDARD_WEBHOOKS, List.of(WHSEC), null,
                        List.of("order.*"), null),
                "legacy2", source("/webhooks/legacy2", SourcesSettings.Profile.VOBIZ_LEGACY, List.of("c"), null, null, null)));

        assertThat(settings.sources()).extracting(WebhookSource::name)
                .containsExactly("vobiz", "legacy2", "messaging", "meta", "partner");
        WebhookSource messaging = settings.sources().get(2);
        assertThat(messaging.profile().name()).isEqualTo("vobiz-messaging");
        assertThat(messaging.events().enabled("message.inbound")).isTrue();
        assertThat(messaging.events().enabled("message.status")).isTrue();
        assertThat(messaging.events().enabled("call.terminate")).isTrue();
        assertThat(messaging.events().enabled("template.status_update")).isFalse();
        assertThat(messaging.processorName()).isEqualTo("source:messaging");
        assertThat(messaging.inboxId("f4c1a0d2")).isEqualTo("messaging:f4c1a0d2");
        assertThat(messaging.inboxId("x".repeat(120))).startsWith("messaging:sha256:").hasSizeLessThanOrEqualTo(100);
        assertThat(settings.sources().get(4).events().enabled("order.shipped")).isTrue();
        assertThat(settings.sources().get(4).events().enabled("contact.updated")).isFalse();
        assertThat(settings.sources().get(1).events().enabled("campaign.completed")).isTrue();
    }

    @Test
    void refusesTheNameOfTheRouterWebhookSourceAndAPathTakenTwice() {
        assertThatThrownBy(() -> settings(Map.of("vobiz", source("/webhooks/other", SourcesSettings.Profile.VOBIZ_MESSAGING,
                List.of("a"), null, null, null)))).hasMessageStartingWith("router.sources.vobiz:");
        assertThatThrownBy(() -> settings(Map.of("messaging", source("/webhooks/vobiz", SourcesSettings.Profile.VOBIZ_MESSAGING,
                List.of("a"), null, null, null)))).hasMessageStartingWith("router.sources.messaging.path:");
        assertThatThrownBy(() -> settings(Map.of(
                "one", source("/webhooks/same", SourcesSettings.Profile.VOBIZ_MESSAGING, List.of("a"), null, null, null),
                "two", source("/webhooks/same", SourcesSettings.Profile.VOBIZ_MESSAGING, List.of("b"), null, null, null))))
                .hasMessageStartingWith("router.sources.two.path:");
    }

    @Test
    void refusesBlankSecretsAMetaSourceWithoutVerifyTokenAndSecretsStandardWebhooksCannotUse() {
        assertThatThrownBy(() -> settings(Map.of("messaging", source("/webhooks/m", SourcesSettings.Profile.VOBIZ_MESSAGING,
                List.of(" "), null, null, null)))).hasMessageStartingWith("router.sources.messaging.secrets:")
                .hasMessageContaining("ROUTER_SOURCES_MESSAGING_SECRETS");
        assertThatThrownBy(() -> settings(Map.of("meta", source("/webhooks/meta", SourcesSettings.Profile.META_WHATSAPP,
                List.of("app"), " ", null, null)))).hasMessageStartingWith("router.sources.meta.verify-token:");
        for (String secret : List.of("not base64!", "whsec_c2hvcnQ=", "plain-text-secret-of-some-length")) {
            assertThatThrownBy(() -> settings(Map.of("partner", source("/webhooks/p", SourcesSettings.Profile.STANDARD_WEBHOOKS,
                    List.of(secret), null, null, null)))).hasMessageStartingWith("router.sources.partner.secrets:")
                    .hasMessageNotContaining(secret);
        }
    }

    @Test
    void refusesAnEventPatternThatIsNoneOfTheThreeFormsAndABadAddressRange() {
        assertThatThrownBy(() -> settings(Map.of("m", source("/webhooks/m", SourcesSettings.Profile.VOBIZ_MESSAGING, List.of("a"),
                null, List.of("message.*.x"), null)))).hasMessageStartingWith("router.sources.m.events:");
        assertThatThrownBy(() -> settings(Map.of("m", source("/webhooks/m", SourcesSettings.Profile.VOBIZ_MESSAGING, List.of("a"),
                null, null, List.of("10.0.0.0/40"))))).hasMessageStartingWith("router.sources.m.allowed-cidrs:");
    }

    @Test
    void refusesAMaxEventsBelowOneNamingTheKey() {
        for (int maxEvents : new int[] {0, -5}) {
            assertThatThrownBy(() -> settings(Map.of("meta", source("/webhooks/meta", SourcesSettings.Profile.META_WHATSAPP,
                    List.of("app"), "token", null, null, maxEvents)))).hasMessageStartingWith("router.sources.meta.max-events:");
        }
        assertThat(settings(Map.of("meta", source("/webhooks/meta", SourcesSettings.Profile.META_WHATSAPP, List.of("app"), "token",
                null, null, 1))).sources()).extracting(WebhookSource::name).containsExactly("vobiz", "meta");
    }

    @Test
    void routerWebhookIsTheBuiltInSourceVobizOfProfileVobizLegacyWithItsOwnKeysAndTypes() {
        WebhookSource vobiz = settings(Map.of()).sources().get(0);

        assertThat(vobiz.name()).isEqualTo("vobiz");
        assertThat(vobiz.path()).isEqualTo("/webhooks/vobiz");
        assertThat(vobiz.profile().name()).isEqualTo("vobiz-legacy");
        assertThat(vobiz.processorName()).isEqualTo("vobiz-webhook");
        assertThat(vobiz.inboxId("evt-1")).isEqualTo("vobiz:evt-1");
        assertThat(vobiz.inboxId("x".repeat(255))).startsWith("vobiz:sha256:").hasSizeLessThanOrEqualTo(100);
        assertThat(vobiz.events().enabled("message.read")).isTrue();
        assertThat(vobiz.events().enabled("order.shipped")).isFalse();
    }

    @Test
    void routerWebhookSwitchedOffNeedsNoSecretAndLeavesItsPathFree() {
        Map<String, String> off = Map.of("router.webhook.enabled", "false");

        WebhookSources sources = settings(off, Map.of("messaging", source("/webhooks/vobiz", SourcesSettings.Profile.VOBIZ_MESSAGING,
                List.of("a"), null, null, null)));

        assertThat(sources.sources()).extracting(WebhookSource::name).containsExactly("messaging");
        assertThat(sources.webhookPaths()).containsExactly("/webhooks/vobiz");
    }

    @Test
    void aSourceSwitchedOffIsLeftOutAndNeedsNoSecret() {
        SourcesSettings.Source off = new SourcesSettings.Source(false, "/webhooks/m", SourcesSettings.Profile.VOBIZ_MESSAGING, List.of(),
                "X-Vobiz-Signature", null, Duration.ofMinutes(5), null, null, 1000, null);

        assertThat(settings(Map.of("messaging", off)).sources()).extracting(WebhookSource::name).containsExactly("vobiz");
    }

    @Test
    void refusesToStartWithEverySourceSwitchedOffNamingTheKey() {
        assertThatThrownBy(() -> settings(Map.of("router.webhook.enabled", "false"), Map.of()))
                .hasMessageStartingWith("router.webhook.enabled:");
    }
}
