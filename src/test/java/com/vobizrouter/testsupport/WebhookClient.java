package com.vobizrouter.testsupport;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.vobizrouter.inbox.Digests;

/**
 * Sends webhooks to one source of a running router over real HTTP, signed the way that source's
 * sender signs them (by default the SPEC's Vobiz format of {@code /webhooks/vobiz}) unless told
 * otherwise. Every call returns status and body; nothing is retried.
 */
public final class WebhookClient {

    /** How a sender signs its requests. */
    public enum Scheme {
        /** The SPEC's Vobiz format: X-Vobiz-Signature, hex. */
        VOBIZ_LEGACY,
        /** Vobiz's current format: X-Webhook-Signature, hex without prefix, and X-Webhook-Event. */
        VOBIZ_MESSAGING,
        /** Meta's X-Hub-Signature-256: sha256=hex. */
        META_WHATSAPP,
        /** Standard Webhooks: webhook-id, webhook-timestamp, webhook-signature. */
        STANDARD_WEBHOOKS;

        /** The profile's name in settings, e.g. {@code vobiz-messaging}. */
        public String profile() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        /** The header that carries the signature itself. */
        public String signatureHeader() {
            return switch (this) {
                case VOBIZ_LEGACY -> "X-Vobiz-Signature";
                case VOBIZ_MESSAGING -> "X-Webhook-Signature";
                case META_WHATSAPP -> "X-Hub-Signature-256";
                case STANDARD_WEBHOOKS -> "webhook-signature";
            };
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI uri;
    private final Scheme scheme;
    private final String secret;
    private final Map<String, String> defaultHeaders = new LinkedHashMap<>();

    /** A client of a source of the SPEC's Vobiz format, {@code vobiz} or a {@code vobiz-legacy} one. */
    public WebhookClient(int port, String path, String secret) {
        this(port, path, Scheme.VOBIZ_LEGACY, secret);
    }

    public WebhookClient(int port, String path, Scheme scheme, String secret) {
        this.uri = URI.create("http://127.0.0.1:" + port + path);
        this.scheme = scheme;
        this.secret = secret;
    }

    public Scheme scheme() {
        return scheme;
    }

    /** The path this client posts to. */
    public String path() {
        return uri.getPath();
    }

    /** A header added to every request, e.g. the X-Forwarded-For of a fronting proxy. */
    public WebhookClient withDefaultHeader(String name, String value) {
        defaultHeaders.put(name, value);
        return this;
    }

    /** A small event of the SPEC's envelope, timed now. */
    public static String event(String type, String eventId) {
        return FreshTimes.of("{\"event\":\"" + type + "\",\"event_id\":\"" + eventId + "\",\"timestamp\":\"2026-03-19T10:30:45Z\","
                + "\"channel_id\":\"ch_abc123\",\"data\":{\"message_id\":\"wamid." + eventId + "\",\"to\":\"+1234567890\","
                + "\"status\":\"read\",\"timestamp\":\"2026-03-19T10:30:45Z\"}}");
    }

    /** POST signed bytes as application/json. */
    public HttpResponse<String> post(byte[] body) {
        return send(signed(body, "application/json"));
    }

    public HttpResponse<String> post(String json) {
        return post(json.getBytes(StandardCharsets.UTF_8));
    }

    /** A Standard Webhooks POST with a given id and time. */
    public HttpResponse<String> post(byte[] body, String webhookId, Instant sentAt) {
        HttpRequest.Builder request = request(body, "application/json");
        standardWebhooksHeaders(body, webhookId, sentAt).forEach(request::header);
        return send(request);
    }

    /** A request with the body, its content type and this sender's signature headers. */
    public HttpRequest.Builder signed(byte[] body, String contentType) {
        HttpRequest.Builder request = request(body, contentType);
        signatureHeaders(body).forEach(request::header);
        return request;
    }

    /** The headers this sender signs a body with (Standard Webhooks: an id that is the same for the same body, and now). */
    public Map<String, String> signatureHeaders(byte[] body) {
        return switch (scheme) {
            case VOBIZ_LEGACY -> Map.of(scheme.signatureHeader(), Signatures.hex(secret, body));
            case VOBIZ_MESSAGING -> {
                Map<String, String> headers = new LinkedHashMap<>();
                headers.put(scheme.signatureHeader(), Signatures.hex(secret, body));
                String type = eventType(body);
                if (type != null && type.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
                    // a mutated type that no HTTP header can carry is sent without the header
                    headers.put("X-Webhook-Event", type);
                }
                yield headers;
            }
            case META_WHATSAPP -> Map.of(scheme.signatureHeader(), Signatures.meta(secret, body));
            case STANDARD_WEBHOOKS -> standardWebhooksHeaders(body, "msg_" + sha256(body).substring(0, 24), Instant.now());
        };
    }

    private Map<String, String> standardWebhooksHeaders(byte[] body, String id, Instant sentAt) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("webhook-id", id);
        headers.put("webhook-timestamp", String.valueOf(sentAt.getEpochSecond()));
        headers.put(Scheme.STANDARD_WEBHOOKS.signatureHeader(), Signatures.standardWebhooks(secret, id, sentAt.getEpochSecond(), body));
        return headers;
    }

    /** A request with the body and content type set and nothing else: add headers, then {@link #send}. */
    public HttpRequest.Builder request(byte[] body, String contentType) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            builder.header("Content-Type", contentType);
        }
        defaultHeaders.forEach(builder::header);
        return builder;
    }

    /** A request whose body is streamed in chunks, so no Content-Length announces its size. */
    public HttpRequest.Builder streamedRequest(byte[] body, String contentType) {
        HttpRequest.Builder builder = request(body, contentType);
        builder.POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)));
        return builder;
    }

    /** A request of another method, without a body. */
    public HttpRequest.Builder method(String method) {
        return method(method, null);
    }

    /** A request of another method, without a body, with an optional query string. */
    public HttpRequest.Builder method(String method, String query) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(query == null ? uri : URI.create(uri + "?" + query))
                .timeout(Duration.ofSeconds(30)).method(method, HttpRequest.BodyPublishers.noBody());
        defaultHeaders.forEach(builder::header);
        return builder;
    }

    public HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The SPEC's signature of a body (hex HMAC-SHA256) with this client's secret. */
    public String sign(byte[] body) {
        return Signatures.hex(secret, body);
    }

    private static String eventType(byte[] body) {
        try {
            return JSON.readTree(body).path("event_type").textValue();
        } catch (IOException notJson) {
            return null;
        }
    }

    private static String sha256(byte[] body) {
        return Digests.sha256Hex(body);
    }
}
