package com.vobizrouter.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.vobizrouter.testsupport.PostgresSchema;
import com.vobizrouter.testsupport.RequiresPostgres;
import com.vobizrouter.testsupport.RouterInstance;
import com.vobizrouter.testsupport.WebhookClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Two router instances share one PostgreSQL database, as in production behind a load balancer.
 * The same event posted to both at once, from many threads, is accepted exactly once and stored
 * once: nothing instance-local decides it.
 */
@RequiresPostgres
@Tag("slow")
class TwoInstancesOnePostgresTest {

    private static final String SECRET = "whsec_two_instances";
    private static RouterInstance first;
    private static RouterInstance second;

    @BeforeAll
    static void startTwoRoutersOnOneDatabase(PostgresSchema schema) {
        Map<String, String> properties = new HashMap<>(schema.routerProperties());
        properties.put("router.webhook.secrets", SECRET);
        first = RouterInstance.start(properties);
        second = RouterInstance.start(properties);
    }

    @AfterAll
    static void stop() {
        if (second != null) {
            second.close();
        }
        if (first != null) {
            first.close();
        }
    }

    @Test
    void acceptsEachEventExactlyOnceWhenSixteenThreadsSendItToBothInstances() throws Exception {
        WebhookClient toFirst = new WebhookClient(first.port(), "/webhooks/vobiz", SECRET);
        WebhookClient toSecond = new WebhookClient(second.port(), "/webhooks/vobiz", SECRET);
        JdbcTemplate jdbc = first.bean(JdbcTemplate.class);

        for (int round = 0; round < 20; round++) {
            String id = IntakeContractTest.newId();
            String json = WebhookClient.event("contact.updated", id);
            AtomicInteger turn = new AtomicInteger();

            var statuses = IntakeContractTest.sendConcurrently(16, () -> {
                HttpResponse<String> response = (turn.getAndIncrement() % 2 == 0 ? toFirst : toSecond).post(json);
                return response;
            });

            assertThat(statuses).as("round %d", round).filteredOn("accepted"::equals).hasSize(1);
            assertThat(statuses).as("round %d", round).filteredOn("duplicate"::equals).hasSize(15);
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM inbox_event WHERE event_id = ?", Long.class, "vobiz:" + id)).isEqualTo(1);
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM CAMEL_MESSAGEPROCESSED WHERE messageId = ?", Long.class, "vobiz:" + id))
                    .isEqualTo(1);
        }
    }
}
