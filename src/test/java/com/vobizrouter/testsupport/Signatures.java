package com.vobizrouter.testsupport;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Signs bodies the way each sender does: Vobiz in each encoding the router must accept, Meta, Standard Webhooks. */
public final class Signatures {

    private Signatures() {
    }

    public static byte[] hmac(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(body);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static String hex(String secret, byte[] body) {
        return HexFormat.of().formatHex(hmac(secret, body));
    }

    public static String base64(String secret, byte[] body) {
        return Base64.getEncoder().encodeToString(hmac(secret, body));
    }

    /** Meta's {@code X-Hub-Signature-256}: {@code sha256=} and the hex HMAC keyed by the app secret. */
    public static String meta(String appSecret, byte[] body) {
        return "sha256=" + hex(appSecret, body);
    }

    /**
     * A Standard Webhooks {@code webhook-signature} entry, {@code v1,<base64>}: HMAC-SHA256 of
     * {@code <id>.<timestamp>.<body>} keyed by the base64-decoded part of a {@code whsec_} secret.
     */
    public static String standardWebhooks(String secret, String id, long timestamp, byte[] body) {
        try {
            byte[] key = Base64.getDecoder().decode(secret.startsWith("whsec_") ? secret.substring("whsec_".length()) : secret);
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
