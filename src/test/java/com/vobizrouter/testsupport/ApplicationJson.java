package com.vobizrouter.testsupport;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.vobizrouter.config.JsonConfiguration;
import org.springframework.http.converter.json.Jackson2ObjectMapperBuilder;

/** The application's ObjectMapper, configured as Spring Boot configures it, for tests without a context. */
public final class ApplicationJson {

    public static final ObjectMapper MAPPER = mapper();

    private ApplicationJson() {
    }

    private static ObjectMapper mapper() {
        Jackson2ObjectMapperBuilder builder = Jackson2ObjectMapperBuilder.json();
        new JsonConfiguration().eventViewDepth().customize(builder);
        return builder.build();
    }
}
