import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A business system's HTTP endpoint for the benchmarks, run as its own process (outside the
 * router's JVM, so the router pays for a real connection and the stand-in's CPU is not counted as
 * the router's): answers every POST with 200 after a delay, and counts the requests by their
 * {@code Idempotency-Key} header, so a run can tell whether every event arrived once.
 *
 * <pre>
 *   java bench/HttpStandIn.java &lt;port&gt; [delay ms, default 20]
 *   GET  /stats                 requests=&lt;n&gt; keys=&lt;distinct keys&gt; duplicates=&lt;requests - keys&gt;
 *   GET  /stats?contains=&lt;s&gt;    the same, of the keys that contain s only
 *   POST /reset                 forgets every request
 * </pre>
 *
 * JDK only (com.sun.net.httpserver), 200 threads: at 20 ms a request that is 10,000 requests a
 * second, more than the router sends on these machines.
 */
public class HttpStandIn {

    private static final Map<String, AtomicLong> KEYS = new ConcurrentHashMap<>();
    private static final AtomicLong WITHOUT_KEY = new AtomicLong();

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(args[0]);
        long delayMillis = args.length > 1 ? Long.parseLong(args[1]) : 20;
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 1024);
        server.setExecutor(Executors.newFixedThreadPool(200));
        server.createContext("/stats", exchange -> answer(exchange, 200, stats(exchange.getRequestURI().getQuery())));
        server.createContext("/reset", exchange -> {
            KEYS.clear();
            WITHOUT_KEY.set(0);
            answer(exchange, 200, "reset\n");
        });
        server.createContext("/", exchange -> receive(exchange, delayMillis));
        server.start();
        System.out.println("HttpStandIn on 127.0.0.1:" + port + ", answering in " + delayMillis + " ms");
    }

    private static void receive(HttpExchange exchange, long delayMillis) throws IOException {
        if (!"POST".equals(exchange.getRequestMethod())) {
            answer(exchange, 405, "POST only\n");
            return;
        }
        try (InputStream body = exchange.getRequestBody()) {
            body.transferTo(OutputStream.nullOutputStream());
        }
        String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
        if (key == null) {
            WITHOUT_KEY.incrementAndGet();
        } else {
            KEYS.computeIfAbsent(key, k -> new AtomicLong()).incrementAndGet();
        }
        pause(delayMillis);
        answer(exchange, 200, "{\"ok\":true}");
    }

    /** "requests=… keys=… duplicates=…" of every key, or of the keys containing {@code contains=…}. */
    private static String stats(String query) {
        String contains = query != null && query.startsWith("contains=") ? query.substring("contains=".length()) : null;
        long requests = 0;
        long keys = 0;
        for (Map.Entry<String, AtomicLong> entry : KEYS.entrySet()) {
            if (contains == null || entry.getKey().contains(contains)) {
                keys++;
                requests += entry.getValue().get();
            }
        }
        if (contains == null) {
            requests += WITHOUT_KEY.get();
        }
        return "requests=" + requests + " keys=" + keys + " duplicates=" + (requests - keys) + "\n";
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void answer(HttpExchange exchange, int status, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", text.startsWith("{") ? "application/json" : "text/plain");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
