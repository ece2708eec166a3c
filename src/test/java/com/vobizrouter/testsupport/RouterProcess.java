package com.vobizrouter.testsupport;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.vobizrouter.VobizRouterApplication;

/**
 * The router as a separate JVM, started from the test class path in the project folder (so it
 * reads application.yaml and routes/ like a real deployment), and stopped the hard way.
 */
public final class RouterProcess implements AutoCloseable {

    private final Process process;
    private final int port;

    private RouterProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts a router and waits until its intake route answers. */
    public static RouterProcess start(Path logDir, String secret, Map<String, String> properties) throws IOException {
        return start(logDir, secret, properties, List.of());
    }

    /** Starts a router with these JVM options and waits until its intake route answers. */
    public static RouterProcess start(Path logDir, String secret, Map<String, String> properties, List<String> jvmOptions)
            throws IOException {
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), VobizRouterApplication.class.getName(),
                "--server.port=" + port, "--management.server.port=0", "--router.webhook.secrets=" + secret,
                "--logging.level.root=WARN"));
        properties.forEach((key, value) -> command.add("--" + key + "=" + value));
        Path log = logDir.resolve("router-" + port + ".log");
        Process process = new ProcessBuilder(command).directory(new File(System.getProperty("user.dir")))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        RouterProcess router = new RouterProcess(process, port);
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("router exited: " + Files.readString(log));
            }
            return router.intakeRouteAnswers();
        });
        return router;
    }

    public int port() {
        return port;
    }

    /** SIGKILL: no shutdown hook, no flush, no graceful stop. Returns the exit code (137). */
    public int killHard() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("router did not die");
        }
        return process.exitValue();
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }

    /** The port opens before Camel has started its routes; the route itself answers GET with 405. */
    private boolean intakeRouteAnswers() {
        try (Socket ignored = new Socket("127.0.0.1", port)) {
            // listening
        } catch (IOException e) {
            return false;
        }
        WebhookClient probe = new WebhookClient(port, "/webhooks/vobiz", "unused");
        return probe.send(probe.method("GET")).statusCode() == 405;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
