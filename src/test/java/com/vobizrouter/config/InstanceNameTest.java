package com.vobizrouter.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

/** The name an instance writes into its leases, which its next life must find again. */
class InstanceNameTest {

    @Test
    void aConfiguredInstanceIdIsTheName() {
        assertThat(DispatchConfiguration.instanceName(settings("router-a"), new MockEnvironment().withProperty("server.port", "0")))
                .isEqualTo("router-a");
    }

    @Test
    void withoutOneTheNameIsTheHostAndTheWebhookPortSoARestartOnThatPortFindsItAgain() {
        String name = DispatchConfiguration.instanceName(settings(""), new MockEnvironment().withProperty("server.port", "9090"));
        assertThat(name).endsWith(":9090").matches("[A-Za-z0-9.-]+:9090");
        assertThat(DispatchConfiguration.instanceName(settings(""), new MockEnvironment().withProperty("server.port", "9090")))
                .isEqualTo(name);
        assertThat(DispatchConfiguration.instanceName(settings(""), new MockEnvironment())).as("the default port").endsWith(":8080");
    }

    @Test
    void onARandomPortThereIsNoNameANextLifeCouldFind() {
        assertThat(DispatchConfiguration.instanceName(settings(""), new MockEnvironment().withProperty("server.port", "0"))).isNull();
    }

    private static DispatchSettings settings(String instanceId) {
        return new DispatchSettings(12, Duration.ofSeconds(1), Duration.ofMinutes(5), 200, 100, Duration.ofMillis(250),
                Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofSeconds(30), instanceId);
    }
}
