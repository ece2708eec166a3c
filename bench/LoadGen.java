import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Load generator for the router: realistic Vobiz events of all 7 types (unique ids), each signed
 * with HMAC-SHA256 like Vobiz does, POSTed over HTTP/1.1 keep-alive connections, flat out (closed
 * loop: each of --connections sends its next request when the previous one is answered) or at a
 * fixed --rate (open loop: requests are due on a schedule; latency counts from when each was due,
 * so a stalled server cannot hide its queueing). Prints one JSON line of results.
 *
 *   java bench/LoadGen.java --url http://127.0.0.1:8080/webhooks/vobiz --secret s --seconds 60 --connections 64 [--rate 1000]
 *
 * With --plain the body is sent unsigned to any URL (the HTTP-stack baseline).
 *
 * With --presign FILE --count N nothing is sent: N signed events are written to FILE, one
 * "signature TAB body" line each, for bench/replay.lua (wrk), so that the load generator spends no
 * CPU signing during a measurement. --mix campaign writes the mix of a WhatsApp campaign (90 %
 * status events, 5 % message.received, 4 % contact.updated, 1 % campaign.completed) instead of
 * the 7 types in turn. --format vobiz-messaging writes the same mix in Vobiz's current format
 * (statuses as message.status, replies as message.inbound; contact updates and campaign
 * summaries, which that format does not have, as message.inbound and message.status), signed as
 * that format signs (hex, no prefix, for X-Webhook-Signature).
 */
public class LoadGen {

    static final String[] TYPES = {"message.received", "message.sent", "message.delivered", "message.read", "message.failed",
        "contact.updated", "campaign.completed"};

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new TreeMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            opts.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        URI url = URI.create(opts.getOrDefault("url", "http://127.0.0.1:8080/webhooks/vobiz"));
        String secret = opts.getOrDefault("secret", "bench-secret");
        int seconds = Integer.parseInt(opts.getOrDefault("seconds", "60"));
        int connections = Integer.parseInt(opts.getOrDefault("connections", "64"));
        int rate = Integer.parseInt(opts.getOrDefault("rate", "0"));
        String label = opts.getOrDefault("label", "run");
        String run = opts.getOrDefault("run", UUID.randomUUID().toString().substring(0, 8));
        if (opts.containsKey("presign")) {
            presign(Path.of(opts.get("presign")), Long.parseLong(opts.getOrDefault("count", "100000")), secret, run,
                    "campaign".equals(opts.get("mix")), "vobiz-messaging".equals(opts.get("format")));
            return;
        }

        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
                .executor(Executors.newFixedThreadPool(4)).build();
        ExecutorService workers = Executors.newFixedThreadPool(connections);
        long start = System.nanoTime();
        long end = start + Duration.ofSeconds(seconds).toNanos();
        AtomicLong sequence = new AtomicLong();
        Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
        AtomicLong errors = new AtomicLong();
        long[][] latencies = new long[connections][];
        CountDownLatch done = new CountDownLatch(connections);
        long intervalNanos = rate > 0 ? 1_000_000_000L / rate : 0;

        for (int c = 0; c < connections; c++) {
            int slot = c;
            workers.execute(() -> {
                long[] mine = new long[4096];
                int count = 0;
                try {
                    while (true) {
                        long n = sequence.getAndIncrement();
                        long due = rate > 0 ? start + n * intervalNanos : System.nanoTime();
                        if (due >= end) {
                            break;
                        }
                        if (rate > 0) {
                            long wait = due - System.nanoTime();
                            if (wait > 0) {
                                java.util.concurrent.locks.LockSupport.parkNanos(wait);
                            }
                        }
                        byte[] body = event(run, n).getBytes(StandardCharsets.UTF_8);
                        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(30))
                                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body));
                        if (!opts.containsKey("plain")) {
                            request.header("X-Vobiz-Signature", sign(secret, body));
                        }
                        try {
                            HttpResponse<Void> response = http.send(request.build(), HttpResponse.BodyHandlers.discarding());
                            statuses.computeIfAbsent(response.statusCode(), k -> new AtomicLong()).incrementAndGet();
                        } catch (Exception e) {
                            errors.incrementAndGet();
                        }
                        if (count == mine.length) {
                            mine = Arrays.copyOf(mine, mine.length * 2);
                        }
                        mine[count++] = System.nanoTime() - due;
                    }
                } finally {
                    latencies[slot] = Arrays.copyOf(mine, count);
                    done.countDown();
                }
            });
        }
        done.await();
        double elapsed = (System.nanoTime() - start) / 1e9;
        workers.shutdownNow();
        long[] all = Arrays.stream(latencies).flatMapToLong(Arrays::stream).sorted().toArray();
        long ok = statuses.getOrDefault(200, new AtomicLong()).get();
        System.out.printf("{\"label\":\"%s\",\"run\":\"%s\",\"at\":\"%s\",\"seconds\":%.1f,\"connections\":%d,\"targetRate\":%d,"
                + "\"requests\":%d,\"ok200PerSecond\":%.0f,\"statuses\":%s,\"errors\":%d,"
                + "\"latencyMs\":{\"p50\":%.2f,\"p99\":%.2f,\"p999\":%.2f,\"max\":%.2f}}%n",
                label, run, Instant.now(), elapsed, connections, rate, all.length, ok / elapsed, statuses, errors.get(),
                pct(all, 0.50), pct(all, 0.99), pct(all, 0.999), all.length == 0 ? 0 : all[all.length - 1] / 1e6);
        System.exit(0);
    }

    static double pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] / 1e6;
    }

    static String sign(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static void presign(Path file, long count, String secret, String run, boolean campaign, boolean messaging)
            throws java.io.IOException {
        try (java.io.BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (long n = 0; n < count; n++) {
                // In the campaign mix a message's sent, delivered and read events are 30 events apart.
                String type = campaign ? campaignType(n) : null;
                long messageIndex = n % 100 < 90 ? (n / 100) * 30 + (n % 100) % 30 : 1_000_000_000L + n;
                String body = messaging ? messagingEvent(run, n, campaign ? type : TYPES[(int) (n % TYPES.length)], messageIndex)
                        : !campaign ? event(run, n) : event(run, n, type, messageIndex);
                String signature = sign(secret, body.getBytes(StandardCharsets.UTF_8));
                out.write(messaging ? signature.substring("sha256=".length()) : signature);
                out.write('\t');
                out.write(body);
                out.write('\n');
            }
        }
    }

    /** Per 100 events: 30 sent, 30 delivered, 29 read, 1 failed, 5 received, 4 contact updates, 1 campaign. */
    static String campaignType(long n) {
        int slot = (int) (n % 100);
        if (slot < 30) {
            return "message.sent";
        }
        if (slot < 60) {
            return "message.delivered";
        }
        if (slot < 89) {
            return "message.read";
        }
        if (slot < 90) {
            return "message.failed";
        }
        if (slot < 95) {
            return "message.received";
        }
        return slot < 99 ? "contact.updated" : "campaign.completed";
    }

    /** Event n of this run: the 7 types in turn, realistic fields, unique ids. */
    static String event(String run, long n) {
        return event(run, n, TYPES[(int) (n % TYPES.length)], n / 5);
    }

    static String event(String run, long n, String type, long messageIndex) {
        String id = "evt_bench_" + run + "_" + n;
        String contact = "cnt_bench_" + (n % 5000);
        String message = "wamid.bench." + run + "." + messageIndex;
        String now = Instant.now().toString();
        String data = switch (type) {
            case "message.received" -> "{\"message_id\":\"" + message + "\",\"from\":\"+1555" + String.format("%07d", n % 10_000_000)
                    + "\",\"contact\":{\"id\":\"" + contact + "\",\"name\":\"Bench Customer\",\"phone\":\"+15550000000\"},"
                    + "\"type\":\"text\",\"text\":{\"body\":\"Where is my order? नमस्ते 📦\"},\"timestamp\":\"" + now + "\",\"context\":null}";
            case "message.failed" -> "{\"message_id\":\"" + message + "\",\"to\":\"+15550000000\",\"status\":\"failed\",\"timestamp\":\""
                    + now + "\",\"error\":{\"code\":131026,\"message\":\"Message undeliverable\"}}";
            case "contact.updated" -> "{\"contact\":{\"id\":\"" + contact + "\",\"name\":\"Bench Customer\",\"phone\":\"+15550000000\","
                    + "\"email\":\"bench@example.com\"}}";
            case "campaign.completed" -> "{\"campaign_id\":\"cmp_bench_" + run + "_" + n + "\",\"name\":\"Bench\",\"total\":100,\"sent\":99,"
                    + "\"delivered\":98,\"read\":50,\"failed\":1,\"completed_at\":\"" + now + "\"}";
            default -> "{\"message_id\":\"" + message + "\",\"to\":\"+15550000000\",\"status\":\"" + type.substring(8) + "\",\"timestamp\":\""
                    + now + "\"}";
        };
        return "{\"event\":\"" + type + "\",\"event_id\":\"" + id + "\",\"timestamp\":\"" + now + "\",\"channel_id\":\"ch_bench\",\"data\":" + data + "}";
    }

    /** Event n of this run in Vobiz's current format: a status, or a customer's text for the other types. */
    static String messagingEvent(String run, long n, String type, long messageIndex) {
        String id = "evt_bench_" + run + "_" + n;
        String message = "wamid.bench." + run + "." + messageIndex;
        String seconds = String.valueOf(Instant.now().getEpochSecond());
        String metadata = "\"messaging_product\":\"whatsapp\",\"metadata\":{\"display_phone_number\":\"15550783881\","
                + "\"phone_number_id\":\"106540352242922\"}";
        boolean status = type.startsWith("message.") && !type.equals("message.received");
        String payload = status
                ? "{" + metadata + ",\"statuses\":[{\"id\":\"" + message + "\",\"status\":\"" + type.substring(8) + "\",\"timestamp\":\""
                        + seconds + "\",\"recipient_id\":\"919876543210\"}]}"
                : "{" + metadata + ",\"contacts\":[{\"profile\":{\"name\":\"Bench Customer\"},\"wa_id\":\"1555"
                        + String.format("%07d", n % 5000) + "\"}],\"messages\":[{\"from\":\"1555" + String.format("%07d", n % 5000)
                        + "\",\"id\":\"" + message + "\",\"timestamp\":\"" + seconds
                        + "\",\"type\":\"text\",\"text\":{\"body\":\"Where is my order? नमस्ते 📦\"}}]}";
        return "{\"event_id\":\"" + id + "\",\"event_type\":\"" + (status ? "message.status" : "message.inbound")
                + "\",\"account_id\":\"MA_BENCH\",\"occurred_at\":\"" + Instant.now() + "\",\"payload\":" + payload + "}";
    }
}
