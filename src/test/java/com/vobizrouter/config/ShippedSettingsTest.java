package com.vobizrouter.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import org.apache.camel.component.salesforce.SalesforceEndpointConfig;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.FileSystemResource;

/**
 * The shipped {@code application.yaml} and the records' own defaults say the same, so a router
 * started without the file (or a key left out of it) behaves as documented; and the event types
 * are named there, not in Java.
 */
class ShippedSettingsTest {

    private final Binder shipped = binder(load());
    private final Binder empty = binder(List.of());

    @Test
    void everyRecordDefaultIsTheShippedValue() {
        for (Map.Entry<String, Class<?>> group : Map.<String, Class<?>>of(
                "router.webhook", WebhookSettings.class,
                "router.dedup", DedupSettings.class,
                "router.storage", StorageSettings.class,
                "router.dispatch", DispatchSettings.class,
                "router.admin", AdminSettings.class,
                "router.health", HealthSettings.class,
                "router.sinks.salesforce", SalesforceSettings.class).entrySet()) {
            assertThat(shipped.bindOrCreate(group.getKey(), group.getValue())).as(group.getKey())
                    .isEqualTo(empty.bindOrCreate(group.getKey(), group.getValue()));
        }
    }

    @Test
    void theShippedEventTypesAreNamedInTheSettingsOnly() {
        assertThat(empty.bindOrCreate("router.events", EventSettings.class).enabled()).isEmpty();
        assertThat(shipped.bindOrCreate("router.events", EventSettings.class).enabled()).containsExactlyInAnyOrder(
                "message.received", "message.sent", "message.delivered", "message.read", "message.failed",
                "contact.updated", "campaign.completed");
    }

    @Test
    void theSalesforceApiVersionIsCamelsOwnSetting() {
        assertThat(shipped.bind("camel.component.salesforce.api-version", String.class).get())
                .as("Camel's own default, as application.yaml says").isEqualTo(SalesforceEndpointConfig.DEFAULT_VERSION);
        assertThat(shipped.bind("router.sinks.salesforce.api-version", String.class).isBound()).isFalse();
    }

    private static Binder binder(List<PropertySource<?>> sources) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        environment.getPropertySources().remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
        sources.forEach(environment.getPropertySources()::addLast);
        return Binder.get(environment);
    }

    private static List<PropertySource<?>> load() {
        try {
            return new YamlPropertySourceLoader().load("application.yaml", new FileSystemResource("application.yaml"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
