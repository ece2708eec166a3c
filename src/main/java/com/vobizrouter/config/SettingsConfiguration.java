package com.vobizrouter.config;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The router's settings under {@code router.*}: one validated record per group, bound from
 * {@code application.yaml} and the environment, and {@link SettingsValidator} for the checks that
 * span fields. A bad value stops start-up before any other bean uses it; the report is one line
 * per key ({@link InvalidSettingFailureAnalyzer}).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({WebhookSettings.class, EventSettings.class, DedupSettings.class, StorageSettings.class,
    DispatchSettings.class, AdminSettings.class, HealthSettings.class, SalesforceSettings.class,
    ZendeskSettings.class})
public class SettingsConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(SettingsConfiguration.class);

    @Bean
    SettingsValidator routerSettings(WebhookSettings webhook, DispatchSettings dispatch, AdminSettings admin, Environment environment) {
        refuseUnsignedOutsideTheDemo(webhook, environment);
        admin.checkToken(environment.matchesProfiles("demo"));
        SettingsValidator settings = new SettingsValidator(webhook, dispatch);
        if (webhook.enabled() && settings.secrets().isEmpty()) {
            LOG.warn("router.webhook.allow-unsigned=true and no secret: webhook signatures are NOT verified");
        }
        return settings;
    }

    /**
     * Unsigned requests turn the signature check off: a setting that a copied environment or a
     * typo must never carry into production, so it is refused unless the {@code demo} profile is active.
     */
    static void refuseUnsignedOutsideTheDemo(WebhookSettings webhook, Environment environment) {
        if (webhook.allowUnsigned() && !environment.matchesProfiles("demo")) {
            throw new InvalidSettingException("router.webhook.allow-unsigned",
                    "may be true only with the demo profile (SPRING_PROFILES_ACTIVE=demo): it turns off the signature check");
        }
    }
}
