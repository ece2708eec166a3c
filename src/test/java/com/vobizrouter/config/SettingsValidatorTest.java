package com.vobizrouter.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Pins which settings stop start-up and that the report is one line naming the key, never a
 * secret. The checks made in code are called directly on bound records; the rest start the
 * settings the way the router does (validated records, then {@link SettingsValidator}) and read the
 * report {@link InvalidSettingFailureAnalyzer} makes of the failure.
 */
class SettingsValidatorTest {

    private final ApplicationContextRunner settings = new ApplicationContextRunner()
            .withUserConfiguration(SettingsConfiguration.class);

    @Test
    void refusesToStartWithoutASecret() {
        assertThatThrownBy(() -> new SettingsValidator(webhook(Map.of()), dispatch()))
                .isInstanceOfSatisfying(InvalidSettingException.class,
                        e -> assertThat(e.getKey()).isEqualTo("router.webhook.secrets"))
                .hasMessageContaining("ROUTER_WEBHOOK_SECRETS");
        assertThat(refusal()).startsWith("Invalid setting router.webhook.secrets: ").contains("ROUTER_WEBHOOK_SECRETS");
    }

    @Test
    void blankSecretsCountAsNoSecret() {
        WebhookSettings webhook = webhook(Map.of("router.webhook.secrets[0]", " ", "router.webhook.secrets[1]", ""));
        assertThat(webhook.secrets()).hasSize(2);
        assertThatThrownBy(() -> new SettingsValidator(webhook, dispatch())).hasMessageStartingWith("router.webhook.secrets:");
    }

    @Test
    void startsWithoutASecretOnlyWhenUnsignedRequestsAreExplicitlyAllowedInTheDemoProfile() {
        assertThat(new SettingsValidator(webhook(Map.of("router.webhook.allow-unsigned", "true")), dispatch()).secrets()).isEmpty();
        settings.withPropertyValues("router.webhook.allow-unsigned=true", "spring.profiles.active=demo")
                .run(context -> assertThat(context.getBean(SettingsValidator.class).secrets()).isEmpty());
    }

    @Test
    void refusesUnsignedRequestsOutsideTheDemoProfileEvenWithASecret() {
        assertThat(refusal("router.webhook.allow-unsigned=true"))
                .startsWith("Invalid setting router.webhook.allow-unsigned: ").contains("demo profile");
        assertThat(refusal("router.webhook.allow-unsigned=true", "router.webhook.secrets=s3cr3t-value", "spring.profiles.active=prod"))
                .startsWith("Invalid setting router.webhook.allow-unsigned: ").doesNotContain("s3cr3t-value");
    }

    @Test
    void trimsSecretsAndKeepsEveryActiveOne() {
        WebhookSettings webhook = webhook(Map.of("router.webhook.secrets[0]", " first ", "router.webhook.secrets[1]", "second"));
        assertThat(new SettingsValidator(webhook, dispatch()).secrets()).containsExactly("first", "second");
    }

    @Test
    void refusesAMalformedAllowedCidrNamingTheKeyButNotTheSecret() {
        WebhookSettings webhook = webhook(Map.of("router.webhook.secrets", "s3cr3t-value",
                "router.webhook.allowed-cidrs", "10.0.0.0/8,10.0.0.0/40"));
        assertThatThrownBy(() -> new SettingsValidator(webhook, dispatch()))
                .hasMessageStartingWith("router.webhook.allowed-cidrs:")
                .hasMessageContaining("10.0.0.0/40")
                .hasMessageNotContaining("s3cr3t-value");
        assertThat(refusal("router.webhook.secrets=s3cr3t-value", "router.webhook.allowed-cidrs=10.0.0.0/8,10.0.0.0/40"))
                .startsWith("Invalid setting router.webhook.allowed-cidrs: ")
                .contains("10.0.0.0/40")
                .doesNotContain("s3cr3t-value");
    }

    @Test
    void refusesAMalformedTrustedProxy() {
        WebhookSettings webhook = webhook(Map.of("router.webhook.secrets", "s", "router.webhook.trusted-proxies", "proxy.internal"));
        assertThatThrownBy(() -> new SettingsValidator(webhook, dispatch())).hasMessageStartingWith("router.webhook.trusted-proxies:");
        assertThat(refusal("router.webhook.secrets=s", "router.webhook.trusted-proxies=proxy.internal"))
                .startsWith("Invalid setting router.webhook.trusted-proxies: ");
    }

    @Test
    void acceptsAnyWellFormedEventTypeAndDispatchesExactlyTheConfiguredOnes() {
        settings.withPropertyValues("router.webhook.secrets=s", "router.events.enabled=message.received,order.shipped")
                .run(context -> assertThat(context.getBean(EventSettings.class).enabled())
                        .containsExactlyInAnyOrder("message.received", "order.shipped"));
    }

    @Test
    void anEmptyListOfEventTypesDispatchesNothing() {
        settings.withPropertyValues("router.webhook.secrets=s", "router.events.enabled=")
                .run(context -> assertThat(context.getBean(EventSettings.class).enabled()).isEmpty());
    }

    @Test
    void refusesAnEventTypeThatIsNotAName() {
        assertThat(refusal("router.webhook.secrets=s", "router.events.enabled=message.received,message deleted"))
                .isEqualTo("Invalid setting router.events.enabled: 'message deleted' is not an event type name such as order.shipped");
    }

    @Test
    void refusesANonPositiveRetention() {
        assertThat(refusal("router.webhook.secrets=s", "router.dedup.retention=0s"))
                .startsWith("Invalid setting router.dedup.retention: ");
    }

    @Test
    void refusesABodyReadTimeoutThatIsNotPositive() {
        assertThat(refusal("router.webhook.secrets=s", "router.webhook.body-read-timeout=0s"))
                .startsWith("Invalid setting router.webhook.body-read-timeout: ");
    }

    @Test
    void refusesAMaxBackoffShorterThanTheInitialBackoff() {
        assertThat(refusal("router.webhook.secrets=s", "router.dispatch.initial-backoff=10s", "router.dispatch.max-backoff=5s"))
                .isEqualTo("Invalid setting router.dispatch.max-backoff: must be at least router.dispatch.initial-backoff");
    }

    @Test
    void refusesALeaseRenewalThatCouldArriveAfterTheLeaseEnded() {
        assertThat(refusal("router.webhook.secrets=s", "router.dispatch.lease=10s", "router.dispatch.lease-renewal=6s"))
                .isEqualTo("Invalid setting router.dispatch.lease-renewal: must be at most half of router.dispatch.lease, "
                        + "so that a late renewal still lands in time");
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', textBlock = """
            router.webhook.path                               | webhooks        | must start with '/'
            router.webhook.signature-header                   | X Signature     | must be an HTTP header name such as X-Vobiz-Signature
            router.webhook.max-body-bytes                     | 0               | must be a positive number of bytes
            router.dedup.purge-interval                       | 500ms           | must be at least one second
            router.storage.writers                            | 0               | must be at least 1
            router.storage.max-batch                          | 0               | must be at least 1
            router.storage.answer-timeout                     | 0s              | must be positive
            router.dispatch.max-attempts                      | 0               | must be at least 1
            router.dispatch.initial-backoff                   | 0s              | must be at least 1ms
            router.dispatch.concurrency                       | 0               | must be at least 1
            router.dispatch.batch-size                        | 0               | must be at least 1
            router.dispatch.poll-interval                     | 0               | must be at least 1ms
            router.dispatch.lease                             | 500ms           | must be at least 1s
            router.dispatch.parked-recheck                    | 0s              | must be at least 1s
            router.admin.rejections-retention                 | 0s              | must be positive
            router.admin.rejections-max                       | -1              | must not be negative
            router.health.backlog-max-size                    | 0               | must be at least 1
            router.health.backlog-max-age                     | -5m             | must be positive
            router.sinks.salesforce.contact-external-id-field | Vobiz Contact   | must be a Salesforce field API name such as Vobiz_Contact_Id__c
            router.sinks.salesforce.batch-linger              | -1ms            | must not be negative
            router.dispatch.instance-id                       | a/b             | must be at most 64 letters, digits, '.', '_', ':' or '-'
            router.sinks.salesforce.batch-linger              | 11s             | must be at most 10s (each waiting upsert holds a dispatch place)
            """)
    void refusesAValueOutsideItsLimitsInOneLineNamingTheKey(String key, String value, String problem) {
        assertThat(refusal("router.webhook.secrets=s", key + "=" + value)).isEqualTo("Invalid setting " + key + ": " + problem);
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', textBlock = """
            router.dispatch.lease             | soon  | must be a duration such as 500ms, 30s, 5m or PT5M (was 'soon')
            router.dispatch.concurrency       | many  | must be a whole number (was 'many')
            router.webhook.allow-unsigned     | maybe | must be true or false (was 'maybe')
            router.webhook.enabled            | maybe | must be true or false (was 'maybe')
            """)
    void refusesAValueThatCannotBeReadInOneLineNamingTheKey(String key, String value, String problem) {
        assertThat(refusal("router.webhook.secrets=s", key + "=" + value)).isEqualTo("Invalid setting " + key + ": " + problem);
    }

    @Test
    void reportsEveryBadKeyOfAGroupOnItsOwnLine() {
        assertThat(refusal("router.webhook.secrets=s", "router.dispatch.lease=0s", "router.dispatch.batch-size=0").lines())
                .containsExactly("Invalid setting router.dispatch.batch-size: must be at least 1",
                        "Invalid setting router.dispatch.lease: must be at least 1s");
    }

    @Test
    void neverPrintsSecretsInTheWebhookSettings() {
        WebhookSettings webhook = webhook(Map.of("router.webhook.secrets", "s3cr3t-value"));
        assertThat(webhook.toString()).doesNotContain("s3cr3t-value").contains("1 configured");
        assertThat(new SettingsValidator(webhook, dispatch()).toString()).doesNotContain("s3cr3t-value").contains("1 configured");
    }

    @Test
    void neverPrintsTheAdminToken() {
        settings.withPropertyValues("router.webhook.secrets=s", "router.admin.token=adm1n-t0ken-for-tests")
                .run(context -> assertThat(context.getBean(AdminSettings.class).toString())
                        .doesNotContain("adm1n-t0ken-for-tests").contains("token=set"));
    }

    @Test
    void acceptsAnAdminTokenShorterThan16CharactersInTheDemoProfileOnly() {
        AdminSettings shortToken = new AdminSettings("demo", Duration.ofDays(7), 10, 10);

        shortToken.checkToken(true);
        assertThatThrownBy(() -> shortToken.checkToken(false)).isInstanceOf(InvalidSettingException.class)
                .hasMessageStartingWith("router.admin.token: must be at least 16 characters");
        new AdminSettings("sixteen-chars-ok", Duration.ofDays(7), 10, 10).checkToken(false);
        new AdminSettings("", Duration.ofDays(7), 10, 10).checkToken(false);
    }

    @Test
    void bindsThePollIntervalAsMillisecondsWhenItIsABareNumber() {
        settings.withPropertyValues("router.webhook.secrets=s", "router.dispatch.poll-interval=250")
                .run(context -> assertThat(context.getBean(DispatchSettings.class).pollInterval()).isEqualTo(Duration.ofMillis(250)));
    }

    @Test
    void everyDispatchDurationHasADefaultWrittenWithItsUnit() {
        settings.withPropertyValues("router.webhook.secrets=s").run(context -> {
            DispatchSettings dispatch = context.getBean(DispatchSettings.class);
            assertThat(dispatch.pollInterval()).isEqualTo(Duration.ofMillis(250));
            assertThat(dispatch.lease()).isEqualTo(Duration.ofSeconds(30));
        });
    }

    @Test
    void aDurationBelowItsLeastIsRefusedNamingTheLeast() {
        assertThat(refusal("router.webhook.secrets=s", "router.dispatch.lease-renewal=99ms"))
                .isEqualTo("Invalid setting router.dispatch.lease-renewal: must be at least 100ms");
    }

    /** The webhook settings bound from exactly these properties (no trimming), defaults elsewhere. */
    private static WebhookSettings webhook(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate("router.webhook", WebhookSettings.class);
    }

    private static DispatchSettings dispatch() {
        return new Binder(new MapConfigurationPropertySource()).bindOrCreate("router.dispatch", DispatchSettings.class);
    }

    /** The report of a start-up with these properties, which must fail. */
    private String refusal(String... properties) {
        AtomicReference<String> report = new AtomicReference<>();
        settings.withPropertyValues(properties).run(context -> {
            assertThat(context).as("start-up with %s", String.join(", ", properties)).hasFailed();
            FailureAnalysis analysis = new InvalidSettingFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis).as("a report of %s", context.getStartupFailure()).isNotNull();
            report.set(analysis.getDescription());
        });
        return report.get();
    }
}
