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
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Sends webhooks to a running router over real HTTP, signed with a given secret unless told
 * otherwise. Every call returns status and body; nothing is retried.
 */
public class WebhookClient {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI uri;
    private final String secret;
    private final Map<String, String> defaultHeaders = new LinkedHashMap<>();

    public WebhookClient(int port, String path, String secret) {
        this.uri = URI.create("http://127.0.0.1:" + port + path);
        this.secret = secret;
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

    /** POST a signed JSON body. */
    public HttpResponse<String> post(String json) {
        return post(json.getBytes(StandardCharsets.UTF_8));
    }

    /** POST signed bytes as application/json. */
    public HttpResponse<String> post(byte[] body) {
        return send(request(body, "application/json").header("X-Vobiz-Signature", Signatures.hex(secret, body)));
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

    public HttpRequest.Builder method(String method) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .method(method, HttpRequest.BodyPublishers.noBody());
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

    public String sign(byte[] body) {
        return Signatures.hex(secret, body);
    }
}
