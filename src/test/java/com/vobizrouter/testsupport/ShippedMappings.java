package com.vobizrouter.testsupport;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import com.vobizrouter.dispatch.Mapping;
import com.vobizrouter.dispatch.Mappings;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.FileSystemResource;

/**
 * The mappings the shipped {@code application.yaml} gives the built-in destinations, compiled as
 * the router compiles them (placeholders resolved from the same file), for tests that pin what a
 * sink makes of an event without starting the router.
 */
public final class ShippedMappings {

    private ShippedMappings() {
    }

    /** The shipped {@code router.destinations.<name>.mapping} of each destination named. */
    public static Mappings of(String... destinations) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        environment.getPropertySources().remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
        try {
            new YamlPropertySourceLoader().load("application.yaml", new FileSystemResource("application.yaml"))
                    .forEach(environment.getPropertySources()::addLast);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Map<String, Map<String, Mapping>> byDestination = new LinkedHashMap<>();
        for (String destination : destinations) {
            String program = environment.getRequiredProperty("router.destinations." + destination + ".mapping");
            byDestination.put(destination, Map.of(Mappings.BODY, Mapping.compile(program, ApplicationJson.MAPPER)));
        }
        return new Mappings(byDestination, ApplicationJson.MAPPER);
    }
}
