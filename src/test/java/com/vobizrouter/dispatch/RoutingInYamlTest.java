package com.vobizrouter.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;

import com.vobizrouter.testsupport.FreshTimes;
import com.vobizrouter.testsupport.RouterInstance;
import com.vobizrouter.testsupport.WebhookClient;
import org.apache.camel.ConsumerTemplate;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The routing is the YAML: a copy of routes/ where an engineer added a second sink for
 * campaign.completed (one more {@code to:} in the choice, one more route file) sends those
 * events to both, with no Java change.
 */
class RoutingInYamlTest {

    @TempDir
    Path routes;

    @Test
    void aSecondSinkAddedInYamlReceivesTheEventsOfItsType() throws Exception {
        try (Stream<Path> files = Files.list(Path.of("routes"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".camel.yaml")).toList()) {
                Files.copy(file, routes.resolve(file.getFileName()));
            }
        }
        Path dispatch = routes.resolve("dispatch.camel.yaml");
        String original = Files.readString(dispatch);
        String indent = " ".repeat(18);
        String edited = original.replace(indent + "- to: destination:campaignresult\n",
                indent + "- to: destination:campaignresult\n" + indent + "- to: direct:campaign-audit-sink\n");
        assertThat(edited).isNotEqualTo(original);
        Files.writeString(dispatch, edited);
        Files.writeString(routes.resolve("campaign-audit-sink.camel.yaml"), """
                # Trigger: dispatch-event for campaign.completed. Contract: hands the event on. Downstream: seda queue.
                - route:
                    id: campaign-audit-sink
                    routeConfigurationId: sink-errors
                    from:
                      uri: direct:campaign-audit-sink
                      steps:
                        - setProperty:
                            name: sink
                            constant: audit
                        - to: seda:campaign-audit
                """);

        try (RouterInstance router = RouterInstance.start(Map.of(
                "router.webhook.secrets", "whsec_yaml",
                "spring.datasource.url", "jdbc:h2:mem:yaml-routing;DB_CLOSE_DELAY=-1",
                "router.dispatch.poll-interval", "50",
                "camel.main.routes-include-pattern", "file:" + routes.toAbsolutePath() + "/*.camel.yaml"))) {
            WebhookClient vobiz = new WebhookClient(router.port(), "/webhooks/vobiz", "whsec_yaml");
            assertThat(vobiz.post(FreshTimes.of(Files.readAllBytes(Path.of("samples/campaign.completed.json")))).body()).contains("\"accepted\"");

            Exchange audited = router.bean(ConsumerTemplate.class).receive("seda:campaign-audit", 20_000);
            assertThat(audited).as("the added sink got the event").isNotNull();
            assertThat(audited.getProperty("eventId")).isEqualTo("vobiz:evt_cmp_done_129");
            assertThat(audited.getIn().getBody(String.class)).contains("\"campaign_id\":\"cmp_spring_sale_2026\"");
            JdbcTemplate jdbc = router.bean(JdbcTemplate.class);
            await().atMost(Duration.ofSeconds(10)).until(() -> "DONE".equals(
                    jdbc.queryForObject("SELECT status FROM inbox_event WHERE event_id = 'vobiz:evt_cmp_done_129'", String.class)));
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM campaign_result WHERE campaign_id = 'cmp_spring_sale_2026'", Long.class))
                    .as("the original sink still got it").isEqualTo(1);
        }
    }
}
