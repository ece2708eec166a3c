package com.vobizrouter.dispatch;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.vobizrouter.testsupport.FakeBusinessSystems;
import com.vobizrouter.testsupport.OnH2;
import com.vobizrouter.testsupport.RouterTest;
import com.vobizrouter.testsupport.WebhookClient;
import com.vobizrouter.testsupport.WithFakeBusinessSystems;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Route reload under load: {@code dispatch.camel.yaml} (the poller, the dispatch route, the
 * routing table) saved again five times while events flow, with the router's own reload
 * ({@code camel.main.routes-reload-enabled}) watching a copy of {@code routes/}. Afterwards every
 * event is DONE, no lease is left and none is still renewed, and an http destination subscribed to
 * every event got each exactly once (by its Idempotency-Key).
 */
@OnH2
@Tag("slow")
@RouterTest({
    "router.webhook.secrets=whsec_reload",
    "router.dispatch.poll-interval=20",
    "router.dispatch.lease=3s",
    "router.dispatch.lease-renewal=1s",
    "router.dispatch.concurrency=16",
    "router.dispatch.batch-size=8",
    "camel.main.routes-reload-enabled=true",
    "camel.main.routes-reload-remove-all-routes=false",
    "router.destinations.counter.kind=http",
    "router.destinations.counter.url=${camel.component.salesforce.login-url}/counter",
    "router.destinations.counter.events=*",
    "logging.level.com.vobizrouter=ERROR",
    "logging.level.org.apache.camel=WARN"
})
@WithFakeBusinessSystems(zendesk = false)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class RouteReloadUnderLoadTest {

    private static final Path ROUTES = Path.of("target", "reload-routes-" + UUID.randomUUID());

    @DynamicPropertySource
    static void routes(DynamicPropertyRegistry registry) throws IOException {
        Files.createDirectories(ROUTES);
        try (Stream<Path> files = Files.list(Path.of("routes"))) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".camel.yaml")).toList()) {
                Files.copy(file, ROUTES.resolve(file.getFileName()));
            }
        }
        registry.add("camel.main.routes-include-pattern", () -> "file:" + ROUTES + "/*.camel.yaml");
        registry.add("camel.main.routes-reload-directory", ROUTES::toString);
    }

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    CamelContext camel;

    @Autowired
    InboxDispatcher dispatcher;

    @Autowired
    com.vobizrouter.config.RouteReloadGuard reloads;

    FakeBusinessSystems fakes;

    WebhookClient vobiz;

    @BeforeEach
    void answers() {
        fakes.standardAnswers();
        fakes.server().stubFor(post(urlPathEqualTo("/counter")).willReturn(aResponse().withStatus(200).withFixedDelay(20)));
    }

    @Test
    void reloadingTheDispatchFileWhileEventsFlowLosesNoEventStrandsNoLeaseAndDoublesNoDelivery() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 800; i++) {
            ids.add("evt_load_" + UUID.randomUUID());
        }
        // Four senders at once, so events are claimed and queued at every moment of a reload.
        List<CompletableFuture<Void>> senders = new ArrayList<>();
        for (int sender = 0; sender < 4; sender++) {
            List<String> mine = ids.subList(sender * ids.size() / 4, (sender + 1) * ids.size() / 4);
            senders.add(CompletableFuture.runAsync(() -> {
                for (String id : mine) {
                    assertThat(vobiz.post(WebhookClient.event("message.read", id)).statusCode()).isEqualTo(200);
                }
            }));
        }
        CompletableFuture<Void> load = CompletableFuture.allOf(senders.toArray(CompletableFuture[]::new));

        for (int reload = 1; reload <= 5; reload++) {
            Route before = camel.getRoute("dispatch-event");
            Path file = ROUTES.resolve("dispatch.camel.yaml");
            Files.writeString(file, Files.readString(file) + "\n# saved again (" + reload + ")\n");
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                    .until(() -> camel.getRoute("dispatch-event") != null && camel.getRoute("dispatch-event") != before
                            && camel.getRouteController().getRouteStatus("dispatch-event").isStarted());
        }
        load.get();

        await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.queryForObject(
                "SELECT COUNT(*) FROM inbox_event WHERE status <> 'DONE'", Integer.class) == 0);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM inbox_event WHERE event_id LIKE 'vobiz:evt_load_%'", Integer.class))
                .isEqualTo(ids.size());
        await().atMost(Duration.ofSeconds(10)).until(() -> dispatcher.held() == 0);
        Map<String, Long> calls = fakes.server().findAll(postRequestedFor(urlPathEqualTo("/counter"))).stream()
                .collect(Collectors.groupingBy(r -> r.getHeader("Idempotency-Key"), Collectors.counting()));
        assertThat(calls.keySet()).containsAll(ids.stream().map(id -> "vobiz:" + id).toList());
        assertThat(calls.values()).as("each event delivered once").containsOnly(1L);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM dead_letter", Integer.class)).isZero();
    }

    @Test
    void aSavedFileWithAProblemIsNotLoadedTheRunningRoutesGoOnAndHealthAndTheLogSayWhy() throws Exception {
        Path file = ROUTES.resolve("dispatch.camel.yaml");
        String good = Files.readString(file);
        Route before = camel.getRoute("dispatch-event");

        Files.writeString(file, good.replace("ref: deliveries", "ref: deliverys"));
        try {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).until(() -> reloads.refused() != null);
            refusedAndStillRunning(before);
        } finally {
            Files.writeString(file, good + "\n# fixed\n");
        }
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                .until(() -> reloads.refused() == null && camel.getRoute("dispatch-event") != before);
        assertThat(reloads.health().getDetails()).isEmpty();
    }

    private void refusedAndStillRunning(Route before) {

        assertThat(reloads.refused().problems()).singleElement().asString()
                .matches(".*dispatch\\.camel\\.yaml:\\d+: names bean 'deliverys', which does not exist");
        assertThat(reloads.health().getDetails()).containsEntry("reload", "refused");
        assertThat(camel.getRoute("dispatch-event")).as("the running routes were not touched").isSameAs(before);
        String id = "evt_" + UUID.randomUUID();
        vobiz.post(WebhookClient.event("message.read", id));
        await().atMost(Duration.ofSeconds(20)).until(() -> "DONE".equals(jdbc.query("SELECT status FROM inbox_event WHERE event_id = ?",
                rs -> rs.next() ? rs.getString(1) : null, "vobiz:" + id)));
    }
}
