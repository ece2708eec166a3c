package com.vobizrouter.intake.source;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Collections;
import java.util.List;

import com.vobizrouter.inbox.Digests;
import com.vobizrouter.intake.WebhookRejection;

/**
 * HMAC-SHA256 with several active keys (a rotation), and the 401s of every profile's signature
 * check: a presented MAC is accepted when any key produces it. Every key is tried and compared
 * with {@link MessageDigest#isEqual}, so the time taken tells nothing about how close a guess was
 * or which key matched. The MAC itself is {@link Digests#hmacSha256}, the router's one HMAC.
 */
final class Hmac {

    static final int LENGTH = 32;

    private final List<byte[]> keys;

    Hmac(List<byte[]> keys) {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("at least one key is needed");
        }
        if (keys.stream().anyMatch(key -> key == null || key.length == 0)) {
            throw new IllegalArgumentException("a key must not be empty");
        }
        this.keys = keys.stream().map(byte[]::clone).toList();
    }

    /** Keys that are the UTF-8 bytes of the secrets, as most senders use them. */
    static Hmac ofSecrets(List<String> secrets) {
        return new Hmac(secrets.stream().map(secret -> secret.getBytes(StandardCharsets.UTF_8)).toList());
    }

    /**
     * A signature header's value, trimmed.
     *
     * @throws WebhookRejection 401 {@code missing_signature} when it is absent or blank
     */
    static String required(String header) {
        if (header == null || header.isBlank()) {
            throw new WebhookRejection(401, "missing_signature", "missing signature");
        }
        return header.trim();
    }

    /** The 401 of a signature that does not match. */
    static WebhookRejection bad() {
        return new WebhookRejection(401, "bad_signature", "invalid signature");
    }

    /**
     * Checks a presented MAC (null when the header could not be decoded) against the parts.
     *
     * @throws WebhookRejection 401 {@code bad_signature} unless it is their MAC under a key
     */
    void verify(byte[] presented, byte[]... parts) {
        verifyAny(Collections.singletonList(presented), parts);
    }

    /**
     * Checks presented MACs (a sender rotating its secret sends several) against the parts.
     *
     * @throws WebhookRejection 401 {@code bad_signature} unless one is their MAC under a key
     */
    void verifyAny(List<byte[]> presented, byte[]... parts) {
        boolean matched = false;
        for (byte[] key : keys) {
            byte[] expected = Digests.hmacSha256(key, parts);
            for (byte[] candidate : presented) {
                matched |= candidate != null && candidate.length == LENGTH && MessageDigest.isEqual(expected, candidate);
            }
        }
        if (!matched) {
            throw bad();
        }
    }
}
