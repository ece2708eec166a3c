package com.vobizrouter.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.YamlPropertiesFactoryBean;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.core.io.FileSystemResource;

/**
 * Pins the limits the shipped {@code application.yaml} puts on a slow sender. The hostile input
 * tests run with shorter values to stay fast, so without this test the shipped ones could be
 * dropped (Tomcat's 60 s default, no body deadline at all) and nothing would notice.
 */
class ShippedLimitsTest {

    private final Properties shipped = load();

    @Test
    void aStalledSenderIsCutOffWithinTenSeconds() {
        assertThat(duration("server.tomcat.connection-timeout")).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void aWholeBodyMustArriveWithinTenSeconds() {
        assertThat(duration("router.webhook.body-read-timeout")).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void tomcatDrainsNoUnreadBodyAfterAnAnswer() {
        assertThat(shipped.getProperty("server.tomcat.max-swallow-size")).isEqualTo("0");
    }

    @Test
    void bodiesAreLimitedToOneMebibyte() {
        assertThat(shipped.getProperty("router.webhook.max-body-bytes")).isEqualTo("1048576");
    }

    private Duration duration(String key) {
        String value = shipped.getProperty(key);
        assertThat(value).as(key + " in application.yaml").isNotBlank();
        return DurationStyle.detectAndParse(value);
    }

    private static Properties load() {
        YamlPropertiesFactoryBean yaml = new YamlPropertiesFactoryBean();
        yaml.setResources(new FileSystemResource("application.yaml"));
        return yaml.getObject();
    }
}
