package com.vobizrouter.sink.http;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import com.vobizrouter.inbox.Digests;

/**
 * The Standard Webhooks signature (standardwebhooks.com) of one request: {@code webhook-id},
 * {@code webhook-timestamp} (Unix seconds) and {@code webhook-signature: v1,<base64>}, the
 * HMAC-SHA256 of {@code <id>.<timestamp>.<body>} under the key of the destination's
 * {@code whsec_} secret. Any Standard Webhooks library checks it; each attempt is signed with its
 * own timestamp, since receivers refuse one more than a few minutes old.
 */
final class WebhookSignature {

    static final String ID = "webhook-id";
    static final String TIMESTAMP = "webhook-timestamp";
    static final String SIGNATURE = "webhook-signature";
    private static final byte[] DOT = {'.'};

    private WebhookSignature() {
    }

    /** The three headers, in that order. */
    static Map<String, String> headers(byte[] key, String id, long epochSeconds, byte[] body) {
        String timestamp = Long.toString(epochSeconds);
        byte[] mac = Digests.hmacSha256(key, id.getBytes(StandardCharsets.UTF_8), DOT, timestamp.getBytes(StandardCharsets.UTF_8),
                DOT, body);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(ID, id);
        headers.put(TIMESTAMP, timestamp);
        headers.put(SIGNATURE, "v1," + Base64.getEncoder().encodeToString(mac));
        return headers;
    }
}
