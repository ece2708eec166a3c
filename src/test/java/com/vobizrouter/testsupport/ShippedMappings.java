package com.vobizrouter.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
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

    /**
     * The program of the commented-out alternative {@code # mapping: |} the shipped
     * {@code application.yaml} offers under {@code router.destinations.<destination>}, as it reads
     * once the comment marks are taken away: what the README tells an engineer to switch to.
     */
    public static String commentedAlternative(String destination) {
        List<String> lines;
        try {
            lines = Files.readAllLines(Path.of("application.yaml"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int at = lines.indexOf("  destinations:");
        at = at < 0 ? -1 : indexFrom(lines, "    " + destination + ":", at);
        at = at < 0 ? -1 : indexFrom(lines, "      # mapping: |", at);
        if (at < 0) {
            throw new IllegalStateException("application.yaml offers no commented mapping for router.destinations." + destination);
        }
        StringBuilder program = new StringBuilder();
        for (int i = at + 1; i < lines.size() && lines.get(i).startsWith("      #   "); i++) {
            program.append(lines.get(i).substring("      #   ".length())).append('\n');
        }
        return program.toString();
    }

    private static int indexFrom(List<String> lines, String line, int from) {
        for (int i = from; i < lines.size(); i++) {
            if (lines.get(i).equals(line)) {
                return i;
            }
        }
        return -1;
    }
}
