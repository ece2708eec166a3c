package com.vobizrouter.sink.kafka;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * A real Apache Kafka broker for tests: one node in KRaft mode, broker and controller together,
 * in a JVM of its own started from the test class path ({@code kafka.Kafka}), on free ports of
 * 127.0.0.1, with its log directory under a temporary folder formatted first
 * ({@code kafka.tools.StorageTool format}). {@link #stop()} kills the process the hard way;
 * {@link #start()} starts it again on the same ports and the same log directory, so what it
 * acknowledged before is still there. {@link #close()} kills it and deletes the folder.
 */
public final class KafkaBroker implements AutoCloseable {

    private final Path home;
    private final Path properties;
    private final Path log;
    private final int port;
    private Process process;

    private KafkaBroker(Path home, int port, int controllerPort) throws IOException {
        this.home = home;
        this.port = port;
        this.properties = home.resolve("server.properties");
        this.log = home.resolve("broker.log");
        Properties server = new Properties();
        server.putAll(Map.ofEntries(
                Map.entry("process.roles", "broker,controller"),
                Map.entry("node.id", "1"),
                Map.entry("controller.quorum.voters", "1@127.0.0.1:" + controllerPort),
                Map.entry("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort),
                Map.entry("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port),
                Map.entry("controller.listener.names", "CONTROLLER"),
                Map.entry("inter.broker.listener.name", "PLAINTEXT"),
                Map.entry("listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT"),
                Map.entry("log.dirs", home.resolve("data").toString()),
                Map.entry("num.partitions", "1"),
                Map.entry("auto.create.topics.enable", "true"),
                Map.entry("offsets.topic.replication.factor", "1"),
                Map.entry("offsets.topic.num.partitions", "1"),
                Map.entry("transaction.state.log.replication.factor", "1"),
                Map.entry("transaction.state.log.min.isr", "1"),
                Map.entry("group.initial.rebalance.delay.ms", "0"),
                Map.entry("num.network.threads", "1"),
                Map.entry("num.io.threads", "2"),
                Map.entry("num.recovery.threads.per.data.dir", "1"),
                Map.entry("log.flush.interval.messages", "1")));
        try (var out = Files.newBufferedWriter(properties)) {
            server.store(out, "one node, broker and controller");
        }
        Files.writeString(home.resolve("logback.xml"), """
                <configuration>
                  <appender name="out" class="ch.qos.logback.core.ConsoleAppender">
                    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger{36} - %msg%n</pattern></encoder>
                  </appender>
                  <root level="WARN"><appender-ref ref="out"/></root>
                  <logger name="kafka.server.KafkaRaftServer" level="INFO"/>
                </configuration>
                """);
        run(List.of("kafka.tools.StorageTool", "format", "-t", Uuid.randomUuid().toString(), "-c", properties.toString(),
                "--ignore-formatted"), home.resolve("format.log"));
    }

    /** Formats a log directory under a new temporary folder, starts the broker and waits until it answers. */
    public static KafkaBroker startNew() throws IOException {
        Path home = Files.createTempDirectory("kafka-broker-");
        KafkaBroker broker = new KafkaBroker(home, freePort(), freePort());
        broker.start();
        return broker;
    }

    /** {@code 127.0.0.1:<port>}: what a client is given as bootstrap servers. */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** Starts the broker (again) on its ports and log directory and waits until an admin client sees it. */
    public synchronized void start() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("the broker is running");
        }
        try {
            process = new ProcessBuilder(command(List.of("kafka.Kafka", properties.toString()))).directory(home.toFile())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Process started = process;
        // A test JVM that ends without close() (a failed class set-up, Ctrl-C) takes its broker along.
        Runtime.getRuntime().addShutdownHook(new Thread(started::destroyForcibly, "kafka-broker-stop"));
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).until(() -> {
            if (!started.isAlive()) {
                throw new IllegalStateException("the broker exited: " + tail());
            }
            return answers();
        });
    }

    /** Kills the broker process (SIGKILL) and waits until it is gone. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the broker did not die");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        process = null;
    }

    /** Whether the broker process is running. */
    public synchronized boolean running() {
        return process != null && process.isAlive();
    }

    /** Stops the broker and deletes its folder. */
    @Override
    public void close() {
        stop();
        try (Stream<Path> files = Files.walk(home)) {
            files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException e) {
            // A temporary folder left behind; the broker itself is gone.
        }
    }

    /** The last lines the broker wrote, for failure messages. */
    public String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private boolean answers() {
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2000);
        try (Admin admin = Admin.create(config)) {
            return !admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty();
        } catch (Exception notYet) {
            return false;
        }
    }

    private List<String> command(List<String> mainAndArguments) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-Xms64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Djava.awt.headless=true",
                "-Dlogback.configurationFile=" + home.resolve("logback.xml"), "-cp", System.getProperty("java.class.path")));
        command.addAll(mainAndArguments);
        return command;
    }

    private void run(List<String> mainAndArguments, Path output) throws IOException {
        Process tool = new ProcessBuilder(command(mainAndArguments)).directory(home.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start();
        try {
            if (!tool.waitFor(60, TimeUnit.SECONDS)) {
                tool.destroyForcibly();
                throw new IllegalStateException(mainAndArguments.get(0) + " took more than 60 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        if (tool.exitValue() != 0) {
            throw new IllegalStateException(mainAndArguments.get(0) + " failed: " + Files.readString(output));
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
