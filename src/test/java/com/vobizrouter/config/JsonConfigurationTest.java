package com.vobizrouter.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.vobizrouter.inbox.EventView;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class JsonConfigurationTest {

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class))
            .withUserConfiguration(JsonConfiguration.class);

    @Test
    void theApplicationsObjectMapperReadsAndWritesAViewAsDeepAsAViewMayBe() {
        String deepest = "[".repeat(EventView.MAX_DEPTH) + "]".repeat(EventView.MAX_DEPTH);
        context.run(spring -> {
            ObjectMapper json = spring.getBean(ObjectMapper.class);
            assertThat(json.writeValueAsString(json.readTree(deepest))).isEqualTo(deepest);
        });
    }
}
