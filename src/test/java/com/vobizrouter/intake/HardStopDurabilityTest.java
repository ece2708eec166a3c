package com.vobizrouter.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.vobizrouter.VobizRouterApplication;
import com.vobizrouter.testsupport.WebhookClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An accepted event survives a hard stop. The router runs as a separate process on the
 * embedded default (an H2 file database); it is killed with SIGKILL right after answering 200,
 * with no chance to flush or shut down, then started again on the same files: the event's inbox
 * row is there and its id answers duplicate.
 */
class HardStopDurabilityTest {

    private static final String SECRET = "whsec_durability";

    @TempDir
    Path dataDir;

    private Process router;

    @AfterEach
    void killLeftovers() {
        if (router != null) {
            router.destroyForcibly();
        }
    }

    @Test
    void anEventAnsweredAcceptedIsStillThereAfterKillNineAndRestart() throws Exception {
        String jdbcUrl = "jdbc:h2:file:" + dataDir.resolve("router").toAbsolutePath() + ";WRITE_DELAY=0";
        List<String> ids = new ArrayList<>();

        int port = freePort();
        router = start(jdbcUrl, port);
        WebhookClient vobiz = new WebhookClient(port, "/webhooks/vobiz", SECRET);
        for (int i = 0; i < 20; i++) {
            String id = IntakeContractTest.newId();
            assertThat(vobiz.post(WebhookClient.event("message.received", id)).body()).contains("\"accepted\"");
            ids.add(id);
        }
        router.destroyForcibly();
        assertThat(router.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(router.exitValue()).as("killed by SIGKILL").isEqualTo(137);

        port = freePort();
        router = start(jdbcUrl, port);
        WebhookClient again = new WebhookClient(port, "/webhooks/vobiz", SECRET);
        for (String id : ids) {
            assertThat(again.post(WebhookClient.event("message.received", id)).body())
                    .isEqualTo("{\"status\":\"duplicate\",\"event_id\":\"" + id + "\"}");
        }
        router.destroyForcibly();
        router.waitFor(30, TimeUnit.SECONDS);

        try (Connection connection = DriverManager.getConnection(jdbcUrl, "sa", "");
             PreparedStatement query = connection.prepareStatement("SELECT status FROM inbox_event WHERE event_id = ?")) {
            for (String id : ids) {
                query.setString(1, id);
                try (ResultSet row = query.executeQuery()) {
                    assertThat(row.next()).as("inbox row of %s", id).isTrue();
                    assertThat(row.getString(1)).isEqualTo("PENDING");
                }
            }
        }
    }

    private Process start(String jdbcUrl, int port) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                VobizRouterApplication.class.getName(),
                "--server.port=" + port,
                "--management.server.port=0",
                "--spring.datasource.url=" + jdbcUrl,
                "--router.webhook.secrets=" + SECRET,
                "--logging.level.root=WARN")
                .directory(new File(System.getProperty("user.dir")))
                .redirectErrorStream(true)
                .redirectOutput(dataDir.resolve("router-" + port + ".log").toFile());
        Process process = builder.start();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("router exited: " + Files.readString(dataDir.resolve("router-" + port + ".log")));
            }
            return intakeRouteAnswers(port);
        });
        return process;
    }

    /** The port opens before Camel has started its routes; the route itself answers GET with 405. */
    private static boolean intakeRouteAnswers(int port) {
        if (!listening(port)) {
            return false;
        }
        WebhookClient probe = new WebhookClient(port, "/webhooks/vobiz", SECRET);
        return probe.send(probe.method("GET")).statusCode() == 405;
    }

    private static boolean listening(int port) {
        try (Socket ignored = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
