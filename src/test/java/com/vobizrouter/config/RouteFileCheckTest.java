package com.vobizrouter.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

class RouteFileCheckTest {

    private static final RouteFileCheck CHECK = RouteFileCheck.withCamelSchema();
    private static final RouteFileCheck.Names ANY = new RouteFileCheck.Names(b -> true, d -> true, p -> true);
    private static final RouteFileCheck.Names KNOWN = new RouteFileCheck.Names(Set.of("inboxDispatcher", "sinkBudgets")::contains,
            Set.of("analytics", "salesforce")::contains, Set.of("router.dispatch.lease")::contains);

    @Test
    void everyShippedRouteFileMatchesTheSchemaCamelShips() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("routes"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".camel.yaml")).sorted().toList()) {
                assertThat(CHECK.check(file, ANY)).as(file.toString()).isEmpty();
            }
        }
    }

    @Test
    void aYamlBooleanWhereTheSchemaWantsTextIsFoundWithItsFileAndLine() {
        List<RouteFileCheck.Problem> problems = CHECK.check("routes/broken.camel.yaml", """
                - route:
                    id: broken
                    from:
                      uri: direct:broken
                      steps:
                        - setProperty:
                            name: flag
                            constant: true
                """, ANY);

        assertThat(problems).isNotEmpty();
        assertThat(problems.get(0).file()).isEqualTo("routes/broken.camel.yaml");
        assertThat(problems.get(0).line()).isBetween(6, 8);
        assertThat(problems.get(0).toString()).startsWith("routes/broken.camel.yaml:").contains("Camel YAML DSL schema");
    }

    @Test
    void aStepCamelDoesNotKnowIsFound() {
        List<RouteFileCheck.Problem> problems = CHECK.check("routes/typo.camel.yaml", """
                - route:
                    id: typo
                    from:
                      uri: direct:typo
                      steps:
                        - beann:
                            ref: inboxDispatcher
                """, ANY);

        assertThat(problems).extracting(RouteFileCheck.Problem::line).contains(6);
    }

    @Test
    void aBeanADestinationOrAPropertyThatDoesNotExistIsNamedWithItsLine() {
        List<RouteFileCheck.Problem> problems = CHECK.check("routes/names.camel.yaml", """
                - route:
                    id: names
                    from:
                      uri: direct:names
                      steps:
                        - bean:
                            ref: inboxDispatcher
                        - bean:
                            ref: inboxDispatchr
                        - to: destination:salesforce
                        - to: destination:zendsk
                        - setProperty:
                            name: lease
                            simple: "{{router.dispatch.lease}} {{router.dispatch.leese}} {{router.optional:5}}"
                        - to: "sql:select 1?dataSource=#bean:nosuchDataSource"
                """, KNOWN);

        assertThat(problems).extracting(RouteFileCheck.Problem::toString).containsExactly(
                "routes/names.camel.yaml:9: names bean 'inboxDispatchr', which does not exist",
                "routes/names.camel.yaml:11: names destination 'zendsk', which is not configured",
                "routes/names.camel.yaml:14: names property 'router.dispatch.leese', which is not set",
                "routes/names.camel.yaml:15: names bean 'nosuchDataSource', which does not exist");
    }

    @Test
    void textThatIsNotYamlIsOneProblemWithItsLine() {
        List<RouteFileCheck.Problem> problems = CHECK.check("routes/bad.camel.yaml", "- route:\n    id: [unclosed\n", ANY);

        assertThat(problems).hasSize(1);
        assertThat(problems.get(0).message()).startsWith("not YAML");
    }
}
