package com.vobizrouter.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** Pins which settings stop start-up and that the message names the key, never a secret. */
class RouterSettingsTest {

    @Test
    void refusesToStartWithoutASecret() {
        RouterProperties properties = new RouterProperties();
        assertThatThrownBy(() -> new RouterSettings(properties))
                .isInstanceOfSatisfying(InvalidSettingException.class,
                        e -> assertThat(e.getKey()).isEqualTo("router.webhook.secrets"))
                .hasMessageContaining("ROUTER_WEBHOOK_SECRETS");
    }

    @Test
    void blankSecretsCountAsNoSecret() {
        RouterProperties properties = new RouterProperties();
        properties.getWebhook().setSecrets(List.of(" ", ""));
        assertThatThrownBy(() -> new RouterSettings(properties)).hasMessageStartingWith("router.webhook.secrets:");
    }

    @Test
    void startsWithoutASecretOnlyWhenUnsignedRequestsAreExplicitlyAllowed() {
        RouterProperties properties = new RouterProperties();
        properties.getWebhook().setAllowUnsigned(true);
        assertThat(new RouterSettings(properties).secrets()).isEmpty();
    }

    @Test
    void trimsSecretsAndKeepsEveryActiveOne() {
        RouterProperties properties = withSecret(" first ", "second");
        assertThat(new RouterSettings(properties).secrets()).containsExactly("first", "second");
    }

    @Test
    void refusesAMalformedAllowedCidrNamingTheKeyButNotTheSecret() {
        RouterProperties properties = withSecret("s3cr3t-value");
        properties.getWebhook().setAllowedCidrs(List.of("10.0.0.0/8", "10.0.0.0/40"));
        assertThatThrownBy(() -> new RouterSettings(properties))
                .hasMessageStartingWith("router.webhook.allowed-cidrs:")
                .hasMessageContaining("10.0.0.0/40")
                .hasMessageNotContaining("s3cr3t-value");
    }

    @Test
    void refusesAMalformedTrustedProxy() {
        RouterProperties properties = withSecret("s");
        properties.getWebhook().setTrustedProxies(List.of("proxy.internal"));
        assertThatThrownBy(() -> new RouterSettings(properties)).hasMessageStartingWith("router.webhook.trusted-proxies:");
    }

    @Test
    void acceptsAnyWellFormedEventType() {
        RouterProperties properties = withSecret("s");
        properties.getEvents().setEnabled(Set.of("message.received", "order.shipped"));
        new RouterSettings(properties);
    }

    @Test
    void refusesAnEventTypeThatIsNotAName() {
        RouterProperties properties = withSecret("s");
        properties.getEvents().setEnabled(Set.of("message.received", "message deleted"));
        assertThatThrownBy(() -> new RouterSettings(properties))
                .hasMessageStartingWith("router.events.enabled:")
                .hasMessageContaining("message deleted");
    }

    @Test
    void refusesANonPositiveRetention() {
        RouterProperties properties = withSecret("s");
        properties.getDedup().setRetention(Duration.ZERO);
        assertThatThrownBy(() -> new RouterSettings(properties)).hasMessageStartingWith("router.dedup.retention:");
    }

    @Test
    void refusesABodyReadTimeoutThatIsNotPositive() {
        RouterProperties properties = withSecret("s");
        properties.getWebhook().setBodyReadTimeout(Duration.ZERO);
        assertThatThrownBy(() -> new RouterSettings(properties)).hasMessageStartingWith("router.webhook.body-read-timeout:");
    }

    @Test
    void neverPrintsSecretsInTheWebhookSettings() {
        RouterProperties properties = withSecret("s3cr3t-value");
        assertThat(properties.getWebhook().toString()).doesNotContain("s3cr3t-value").contains("1 configured");
    }

    private static RouterProperties withSecret(String... secrets) {
        RouterProperties properties = new RouterProperties();
        properties.getWebhook().setSecrets(List.of(secrets));
        return properties;
    }
}
