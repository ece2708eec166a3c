package com.vobizrouter.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;

import org.yaml.snakeyaml.Yaml;

/**
 * The hostile request corpus in {@code src/test/resources/hostile/corpus.yaml}, read into cases
 * that build their exact request bytes for one webhook source. The file's header explains every
 * field; this class only turns them into bytes, signing each body the way the source's sender
 * does ({@link WebhookClient#signatureHeaders}) so that the check under test, not the HMAC, is
 * what refuses it.
 */
public final class HostileCorpus {

    private static final String RESOURCE = "/hostile/corpus.yaml";
    /** The target that stands for the path of the source a case is sent to. */
    private static final String SOURCE_PATH = "/webhooks/vobiz";
    private static final List<String> EVERY_PROFILE = Arrays.stream(WebhookClient.Scheme.values())
            .map(WebhookClient.Scheme::profile).toList();

    private static final Pattern AGO = Pattern.compile("\\{\\{(rfc3339|unix)-ago:([A-Z0-9]+)}}");

    private HostileCorpus() {
    }

    /**
     * What the router must answer to a case; {@code eventId} is the id the stored event was sent
     * with when it is not {@code {{id}}} itself (with {@code {{id}}} in it), null otherwise.
     */
    public record Expectation(int status, String reason, boolean stored, Duration within, boolean closes,
            boolean closeAllowed, boolean container5xx, String eventId, List<String> hidden) {
    }

    /** How the request is written: all at once, or stalled or dribbled after some bytes. */
    public record Pacing(Integer stallAfterBodyBytes, Integer stallAfterBytes, Integer dribbleMillis, Integer afterBodyBytes) {

        RawHttp.Pace pace(int headLength) {
            if (stallAfterBytes != null) {
                return RawHttp.Pace.stallAfter(stallAfterBytes);
            }
            if (stallAfterBodyBytes != null) {
                return RawHttp.Pace.stallAfter(headLength + stallAfterBodyBytes);
            }
            if (dribbleMillis != null) {
                return RawHttp.Pace.dribble(headLength + (afterBodyBytes == null ? 0 : afterBodyBytes), Duration.ofMillis(dribbleMillis));
            }
            return RawHttp.Pace.AT_ONCE;
        }
    }

    /** One hostile request and what it must get. */
    public record Case(String name, String about, List<String> profiles, String method, String target, String version,
            boolean host, List<Object> headers, List<Map<String, Object>> body, boolean sign, String framing, Pacing pacing,
            Expectation expect) {

        /** Whether the case is sent to the sources of this profile, e.g. {@code vobiz-legacy}. */
        public boolean appliesTo(WebhookClient.Scheme scheme) {
            return profiles.contains(scheme.profile());
        }

        /** The body bytes with {@code {{id}}} replaced. */
        public byte[] body(String eventId) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (Map<String, Object> piece : body) {
                if (piece.containsKey("text")) {
                    out.writeBytes(text(piece.get("text"), eventId).getBytes(StandardCharsets.UTF_8));
                } else if (piece.containsKey("hex")) {
                    out.writeBytes(HexFormat.of().parseHex(((String) piece.get("hex")).replace(" ", "")));
                } else if (piece.containsKey("repeat")) {
                    out.writeBytes(text(piece.get("repeat"), eventId).repeat((Integer) piece.get("times")).getBytes(StandardCharsets.UTF_8));
                } else if (piece.containsKey("gzip")) {
                    out.writeBytes(gzip(text(piece.get("gzip"), eventId).getBytes(StandardCharsets.UTF_8)));
                } else {
                    throw new IllegalArgumentException(name + ": unknown body piece " + piece.keySet());
                }
            }
            return out.toByteArray();
        }

        /** The whole request as sent to the sender's source, signed as it signs, and the pace to send it at. */
        public Request request(String eventId, WebhookClient sender) {
            byte[] body = body(eventId);
            Map<String, String> signed = new LinkedHashMap<>(sender.signatureHeaders(body));
            String signatureHeader = sender.scheme().signatureHeader();
            String signature = signed.get(signatureHeader);
            List<String> lines = new ArrayList<>();
            if (host) {
                lines.add("Host: 127.0.0.1");
            }
            for (Object header : headers) {
                lines.addAll(headerLines(header));
            }
            // A case that writes the signature header itself gets the other signing headers only.
            if (lines.stream().anyMatch(line -> line.contains("{{signature-header}}"))) {
                signed.remove(signatureHeader);
            }
            lines.replaceAll(line -> signing(line, signatureHeader, signature));
            if (sign) {
                signed.forEach((name, value) -> lines.add(name + ": " + value));
            }
            byte[] payload = body;
            switch (framing) {
                case "length" -> lines.add("Content-Length: " + body.length);
                case "chunked" -> {
                    lines.add("Transfer-Encoding: chunked");
                    payload = RawHttp.chunked(body, 65_536);
                }
                case "raw" -> { }
                default -> throw new IllegalArgumentException(name + ": unknown framing " + framing);
            }
            StringBuilder head = new StringBuilder(method).append(' ').append(signing(target(sender.path()), signatureHeader, signature))
                    .append(' ').append(version).append("\r\n");
            lines.forEach(line -> head.append(line).append("\r\n"));
            head.append("\r\n");
            byte[] headBytes = head.toString().getBytes(StandardCharsets.ISO_8859_1);
            return new Request(RawHttp.concat(headBytes, payload), pacing.pace(headBytes.length), body);
        }

        @Override
        public String toString() {
            return name;
        }

        /** The target on the source's path: one that starts with {@value #SOURCE_PATH} gets that path instead. */
        private String target(String path) {
            boolean onTheSource = target.equals(SOURCE_PATH) || target.startsWith(SOURCE_PATH + "/")
                    || target.startsWith(SOURCE_PATH + "?");
            return onTheSource ? path + target.substring(SOURCE_PATH.length()) : target;
        }

        private static String signing(String text, String signatureHeader, String signature) {
            return text.replace("{{signature-header}}", signatureHeader).replace("{{signature}}", signature);
        }

        private static List<String> headerLines(Object header) {
            if (header instanceof String line) {
                return List.of(line);
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> spec = (Map<String, Object>) header;
            int times = (Integer) spec.get("times");
            if (spec.containsKey("line")) {
                return java.util.Collections.nCopies(times, (String) spec.get("line"));
            }
            return List.of(spec.get("name") + ": " + String.valueOf(spec.get("fill")).repeat(times));
        }

        private static String text(Object value, String eventId) {
            return times(String.valueOf(value).replace("{{id}}", eventId));
        }

        /** {@code {{rfc3339-ago:P30D}}} and {@code {{unix-ago:PT20H}}}: the time that long before now, RFC 3339 or Unix seconds. */
        private static String times(String text) {
            Matcher ago = AGO.matcher(text);
            StringBuilder out = new StringBuilder();
            while (ago.find()) {
                Instant at = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.parse(ago.group(2)));
                ago.appendReplacement(out, "rfc3339".equals(ago.group(1)) ? at.toString() : String.valueOf(at.getEpochSecond()));
            }
            ago.appendTail(out);
            return out.toString();
        }
    }

    /** The bytes of one request, how to send them, and the body that was signed. */
    public record Request(byte[] bytes, RawHttp.Pace pace, byte[] body) {
    }

    /** Every case of the corpus, in file order. */
    @SuppressWarnings("unchecked")
    public static List<Case> cases() {
        try (InputStream in = HostileCorpus.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the test class path");
            }
            Map<String, Object> root = new Yaml().load(in);
            List<Case> cases = new ArrayList<>();
            for (Map<String, Object> c : (List<Map<String, Object>>) root.get("cases")) {
                cases.add(toCase(c));
            }
            long distinct = cases.stream().map(Case::name).distinct().count();
            if (distinct != cases.size()) {
                throw new IllegalStateException(RESOURCE + " has two cases with the same name");
            }
            return cases;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Case toCase(Map<String, Object> c) {
        String name = (String) c.get("name");
        Map<String, Object> pace = (Map<String, Object>) c.getOrDefault("pace", Map.of());
        Map<String, Object> expect = (Map<String, Object>) c.get("expect");
        if (name == null || c.get("about") == null || expect == null || expect.get("status") == null) {
            throw new IllegalStateException(RESOURCE + ": every case needs name, about and expect.status: " + c);
        }
        Object within = expect.get("within");
        Expectation expectation = new Expectation((Integer) expect.get("status"), (String) expect.get("reason"),
                Boolean.TRUE.equals(expect.get("stored")),
                within == null ? null : Duration.ofMillis(Math.round(((Number) within).doubleValue() * 1000)),
                Boolean.TRUE.equals(expect.get("closes")), Boolean.TRUE.equals(expect.get("closeAllowed")),
                Boolean.TRUE.equals(expect.get("container5xx")), (String) expect.get("eventId"),
                (List<String>) expect.getOrDefault("hidden", List.of()));
        Pacing pacing = new Pacing((Integer) pace.get("stallAfterBodyBytes"), (Integer) pace.get("stallAfterBytes"),
                (Integer) pace.get("dribbleMillis"), (Integer) pace.get("afterBodyBytes"));
        List<String> profiles = (List<String>) c.getOrDefault("profiles", EVERY_PROFILE);
        if (!EVERY_PROFILE.containsAll(profiles)) {
            throw new IllegalStateException(RESOURCE + ": " + name + " names a profile other than " + EVERY_PROFILE + ": " + profiles);
        }
        return new Case(name, (String) c.get("about"), profiles, (String) c.getOrDefault("method", "POST"),
                (String) c.getOrDefault("target", SOURCE_PATH), (String) c.getOrDefault("version", "HTTP/1.1"),
                !Boolean.FALSE.equals(c.get("host")),
                (List<Object>) c.getOrDefault("headers", List.of("Content-Type: application/json")),
                (List<Map<String, Object>>) c.getOrDefault("body", List.of()), !Boolean.FALSE.equals(c.get("sign")),
                (String) c.getOrDefault("framing", "length"), pacing, expectation);
    }

    private static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
