package com.vobizrouter.intake.source;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.vobizrouter.intake.WebhookRejection;

/**
 * Senders that follow the Standard Webhooks specification (standardwebhooks.com).
 *
 * <p>Signature: headers {@code webhook-id}, {@code webhook-timestamp} (Unix seconds) and
 * {@code webhook-signature}, a space-separated list of {@code v1,<base64>} entries of which any
 * one may match (a sender rotating its secret sends two); each is HMAC-SHA256 of
 * {@code <id>.<timestamp>.<body>} keyed by the secret's bytes, which are the base64 after its
 * {@code whsec_} prefix. A timestamp more than the tolerance (5 minutes) from the router's clock
 * is refused, so a captured request cannot be replayed later; an entry that is empty or not 32
 * bytes ({@code v1,}) never matches.
 *
 * <p>Envelope: the specification's {@code {type, timestamp, data}}; {@code webhook-id} is the
 * idempotency key. The type keeps its name and {@code data} becomes the view's data, so a sender
 * that describes a {@code contact.updated} or {@code message.received} in the SPEC's data fields
 * reaches the same sinks as Vobiz.
 */
public final class StandardWebhooksProfile implements WebhookProfile {

    public static final String NAME = "standard-webhooks";
    public static final String ID_HEADER = "webhook-id";
    public static final String TIMESTAMP_HEADER = "webhook-timestamp";
    public static final String SIGNATURE_HEADER = "webhook-signature";
    private static final String SECRET_PREFIX = "whsec_";
    private static final byte[] DOT = {'.'};

    private final Hmac hmac;
    private final Duration tolerance;
    private final Clock clock;

    public StandardWebhooksProfile(List<String> secrets, Duration tolerance, Clock clock) {
        this.hmac = new Hmac(secrets.stream().map(StandardWebhooksProfile::key).toList());
        this.tolerance = tolerance;
        this.clock = clock;
    }

    /**
     * The HMAC key of a secret: the base64 after {@code whsec_} (or the whole secret without it).
     *
     * @throws IllegalArgumentException when that is not base64
     */
    public static byte[] key(String secret) {
        String encoded = secret.startsWith(SECRET_PREFIX) ? secret.substring(SECRET_PREFIX.length()) : secret;
        return Base64.getDecoder().decode(encoded);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void verify(RequestHeaders headers, byte[] body) {
        String id = headers.get(ID_HEADER);
        String timestamp = headers.get(TIMESTAMP_HEADER);
        Hmac.required(id);
        String seconds = Hmac.required(timestamp);
        String signatures = Hmac.required(headers.get(SIGNATURE_HEADER));
        if (!seconds.matches("\\d{1,12}")) {
            throw Hmac.bad();
        }
        Instant sent = Instant.ofEpochSecond(Long.parseLong(seconds));
        if (Duration.between(sent, clock.instant()).abs().compareTo(tolerance) > 0) {
            throw new WebhookRejection(401, "stale_timestamp", "webhook-timestamp is too far from the current time");
        }
        hmac.verifyAny(presented(signatures), id.getBytes(StandardCharsets.UTF_8), DOT, timestamp.getBytes(StandardCharsets.UTF_8), DOT,
                body);
    }

    @Override
    public List<SourceEvent> parse(RequestHeaders headers, byte[] body) {
        String json = StrictJson.utf8(body);
        JsonNode root = StrictJson.object(json);
        String id = StrictJson.checked(headers.get(ID_HEADER), ID_HEADER);
        String type = StrictJson.requiredType(root, "type", "type");
        String timestamp = StrictJson.optional(root, "timestamp");
        if (timestamp == null || timestamp.isBlank()) {
            timestamp = Views.epochSeconds(headers.get(TIMESTAMP_HEADER) == null ? null : headers.get(TIMESTAMP_HEADER).trim());
        }
        String channel = StrictJson.optional(root, "channel_id");
        ObjectNode view = Views.envelope(type, type, id, timestamp, channel);
        Views.copyInto(Views.data(view), root.get("data"));
        return List.of(new SourceEvent(id, type, type, channel, timestamp, json, Views.json(view)));
    }

    /** The decoded {@code v1} signatures of the header; entries of other versions or not base64 are left out. */
    private static List<byte[]> presented(String header) {
        List<byte[]> decoded = new ArrayList<>();
        for (String entry : header.trim().split(" +")) {
            int comma = entry.indexOf(',');
            if (comma < 0 || !"v1".equals(entry.substring(0, comma))) {
                continue;
            }
            try {
                decoded.add(Base64.getDecoder().decode(entry.substring(comma + 1)));
            } catch (IllegalArgumentException notBase64) {
                // Not a signature: it cannot match.
            }
        }
        return decoded;
    }
}
