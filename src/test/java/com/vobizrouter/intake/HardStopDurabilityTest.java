package com.vobizrouter.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.vobizrouter.testsupport.RouterProcess;
import com.vobizrouter.testsupport.WebhookClient;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An accepted event survives a hard stop. The router runs as a separate process on the
 * embedded default (an H2 file database); it is killed with SIGKILL right after answering 200,
 * with no chance to flush or shut down, then started again on the same files: the events' inbox
 * rows are there and their ids answer duplicate. (Without {@code WRITE_DELAY=0} in the H2 URL
 * this test fails: H2 would keep the last commits in memory.)
 */
@Tag("slow")
class HardStopDurabilityTest {

    private static final String SECRET = "whsec_durability";

    @TempDir
    Path dataDir;

    @Test
    void anEventAnsweredAcceptedIsStillThereAfterKillNineAndRestart() throws Exception {
        String jdbcUrl = "jdbc:h2:file:" + dataDir.resolve("router").toAbsolutePath() + ";WRITE_DELAY=0";
        // No dispatch during the test: the rows must still be PENDING when read back.
        Map<String, String> properties = Map.of("spring.datasource.url", jdbcUrl, "router.dispatch.poll-interval", "3600000");
        List<String> ids = new ArrayList<>();

        try (RouterProcess router = RouterProcess.start(dataDir, SECRET, properties)) {
            WebhookClient vobiz = new WebhookClient(router.port(), "/webhooks/vobiz", SECRET);
            for (int i = 0; i < 20; i++) {
                String id = IntakeContractTest.newId();
                assertThat(vobiz.post(WebhookClient.event("message.received", id)).body()).contains("\"accepted\"");
                ids.add(id);
            }
            assertThat(router.killHard()).as("killed by SIGKILL").isEqualTo(137);
        }

        try (RouterProcess router = RouterProcess.start(dataDir, SECRET, properties)) {
            WebhookClient again = new WebhookClient(router.port(), "/webhooks/vobiz", SECRET);
            for (String id : ids) {
                assertThat(again.post(WebhookClient.event("message.received", id)).body())
                        .isEqualTo("{\"status\":\"duplicate\",\"event_id\":\"" + id + "\"}");
            }
            router.killHard();
        }

        try (Connection connection = DriverManager.getConnection(jdbcUrl, "sa", "");
             PreparedStatement query = connection.prepareStatement("SELECT status FROM inbox_event WHERE event_id = ?")) {
            for (String id : ids) {
                query.setString(1, "vobiz:" + id);
                try (ResultSet row = query.executeQuery()) {
                    assertThat(row.next()).as("inbox row of %s", id).isTrue();
                    assertThat(row.getString(1)).isEqualTo("PENDING");
                }
            }
        }
    }
}
