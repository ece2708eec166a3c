package com.vobizrouter.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * Binding of {@code router.sources.<name>.*}: from application.yaml keys, from environment
 * variables alone, and the Jakarta constraints that refuse a malformed source at start-up.
 */
class SourcesSettingsTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withUserConfiguration(Bound.class);

    @EnableConfigurationProperties(SourcesSettings.class)
    static class Bound {
    }

    @Test
    void bindsNoSourceWhenNoneIsConfigured() {
        runner.run(context -> assertThat(context.getBean(SourcesSettings.class).byName()).isEmpty());
    }

    @Test
    void bindsASourceFromSettingKeysWithTheProfilesDefaults() {
        runner.withPropertyValues("router.sources.messaging.path=/webhooks/vobiz-messaging",
                "router.sources.messaging.profile=vobiz-messaging", "router.sources.messaging.secrets=first, second").run(context -> {
                    SourcesSettings.Source source = context.getBean(SourcesSettings.class).byName().get("messaging");
                    assertThat(source.path()).isEqualTo("/webhooks/vobiz-messaging");
                    assertThat(source.profile()).isEqualTo(SourcesSettings.Profile.VOBIZ_MESSAGING);
                    assertThat(source.secrets()).containsExactly("first", "second");
                    assertThat(source.tolerance()).isEqualTo(Duration.ofMinutes(5));
                    assertThat(source.signatureHeader()).isEqualTo("X-Vobiz-Signature");
                    assertThat(source.events()).isNull();
                    assertThat(source.allowedCidrs()).isNull();
                    assertThat(source.maxEvents()).isEqualTo(1000);
                    assertThat(source.toString()).doesNotContain("first").doesNotContain("second");
                });
    }

    @Test
    void bindsSeveralSourcesFromEnvironmentVariablesAlone() {
        Map<String, Object> environment = Map.of(
                "ROUTER_SOURCES_META_PATH", "/webhooks/meta",
                "ROUTER_SOURCES_META_PROFILE", "meta-whatsapp",
                "ROUTER_SOURCES_META_SECRETS", "app-secret-1,app-secret-2",
                "ROUTER_SOURCES_META_VERIFY_TOKEN", "verify-me",
                "ROUTER_SOURCES_META_EVENTS", "message.inbound,call.*",
                "ROUTER_SOURCES_PARTNER2_PATH", "/webhooks/partner",
                "ROUTER_SOURCES_PARTNER2_PROFILE", "standard-webhooks",
                "ROUTER_SOURCES_PARTNER2_SECRETS", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
                "ROUTER_SOURCES_PARTNER2_TOLERANCE", "2m",
                "ROUTER_SOURCES_PARTNER2_ALLOWEDCIDRS", "203.0.113.0/24");
        runner.withInitializer(context -> context.getEnvironment().getPropertySources().replace(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, environment)))
                .run(context -> {
                    Map<String, SourcesSettings.Source> sources = context.getBean(SourcesSettings.class).byName();
                    assertThat(sources).containsOnlyKeys("meta", "partner2");
                    SourcesSettings.Source meta = sources.get("meta");
                    assertThat(meta.profile()).isEqualTo(SourcesSettings.Profile.META_WHATSAPP);
                    assertThat(meta.secrets()).containsExactly("app-secret-1", "app-secret-2");
                    assertThat(meta.verifyToken()).isEqualTo("verify-me");
                    assertThat(meta.events()).containsExactly("message.inbound", "call.*");
                    SourcesSettings.Source partner = sources.get("partner2");
                    assertThat(partner.tolerance()).isEqualTo(Duration.ofMinutes(2));
                    assertThat(partner.allowedCidrs()).containsExactly("203.0.113.0/24");
                });
    }

    @Test
    void bindsTheMostEventsOneRequestMayCarry() {
        runner.withPropertyValues("router.sources.meta.path=/webhooks/meta", "router.sources.meta.profile=meta-whatsapp",
                "router.sources.meta.secrets=s", "router.sources.meta.max-events=250")
                .run(context -> assertThat(context.getBean(SourcesSettings.class).byName().get("meta").maxEvents()).isEqualTo(250));
    }

    @Test
    void refusesASourceWithoutPathOrProfileNamingTheKeys() {
        runner.withPropertyValues("router.sources.messaging.secrets=").run(context -> {
            assertThat(context).hasFailed();
            String failure = rootMessage(context.getStartupFailure());
            // The validator names a source's key through the record's map: router.sources.byName[<name>].<key>.
            assertThat(failure).contains("byName[messaging].path").contains("byName[messaging].profile");
        });
    }

    @Test
    void bindsEverySourceSwitchedOnUnlessItsEnabledIsFalse() {
        runner.withPropertyValues("router.sources.on.path=/webhooks/on", "router.sources.on.profile=vobiz-messaging",
                "router.sources.off.path=/webhooks/off", "router.sources.off.profile=vobiz-messaging",
                "router.sources.off.enabled=false").run(context -> {
                    Map<String, SourcesSettings.Source> sources = context.getBean(SourcesSettings.class).byName();
                    assertThat(sources.get("on").enabled()).isTrue();
                    assertThat(sources.get("off").enabled()).isFalse();
                    assertThat(sources.get("off").secrets()).isEmpty();
                });
        runner.withPropertyValues("router.sources.on.path=/webhooks/on", "router.sources.on.profile=vobiz-messaging",
                "router.sources.on.enabled=maybe").run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(new InvalidSettingFailureAnalyzer().analyze(context.getStartupFailure()).getDescription())
                            .isEqualTo("Invalid setting router.sources.on.enabled: must be true or false (was 'maybe')");
                });
    }

    @Test
    void refusesAnUnknownProfileAndAPathWithAWildcard() {
        runner.withPropertyValues("router.sources.x.path=/webhooks/*", "router.sources.x.profile=vobiz-whatever",
                "router.sources.x.secrets=s").run(context -> assertThat(context).hasFailed());
        runner.withPropertyValues("router.sources.x.path=/webhooks/*", "router.sources.x.profile=vobiz-messaging",
                "router.sources.x.secrets=s").run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(rootMessage(context.getStartupFailure())).contains("byName[x].path")
                            .contains("must be a path such as /webhooks/vobiz-messaging");
                });
    }

    @Test
    void refusesANameThatAnEnvironmentVariableCouldNotSpell() {
        runner.withPropertyValues("router.sources.meta-wa.path=/webhooks/meta", "router.sources.meta-wa.profile=meta-whatsapp",
                "router.sources.meta-wa.secrets=s").run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(rootMessage(context.getStartupFailure())).contains("lower-case letters and digits");
                });
    }

    private static String rootMessage(Throwable failure) {
        StringBuilder all = new StringBuilder();
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            all.append(cause.getMessage()).append('\n');
        }
        return all.toString();
    }
}
