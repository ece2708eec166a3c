package com.vobizrouter.config;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.vobizrouter.inbox.EventView;
import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The application's one {@code ObjectMapper} is Spring Boot's, configured here and injected
 * wherever JSON is read or written: it reads and writes the events' views, which may nest
 * {@link EventView#MAX_DEPTH} levels (a sender's data and the levels a view adds around it).
 */
@Configuration(proxyBeanMethods = false)
public class JsonConfiguration {

    @Bean
    public Jackson2ObjectMapperBuilderCustomizer eventViewDepth() {
        return builder -> builder.postConfigurer(mapper -> {
            mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(EventView.MAX_DEPTH).build());
            mapper.getFactory().setStreamWriteConstraints(StreamWriteConstraints.builder()
                    .maxNestingDepth(EventView.MAX_DEPTH).build());
        });
    }
}
