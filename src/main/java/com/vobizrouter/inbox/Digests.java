package com.vobizrouter.inbox;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * SHA-256, HMAC-SHA256 and hex, done once for every package (ids, locks, log masks, token checks,
 * the signatures intake checks and the signatures sent to destinations).
 */
public final class Digests {

    private static final HexFormat HEX = HexFormat.of();
    private static final String HMAC_SHA256 = "HmacSHA256";

    private Digests() {
    }

    /** The SHA-256 of the bytes. */
    public static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** The SHA-256 of the text's UTF-8 bytes. */
    public static byte[] sha256(String text) {
        return sha256(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The SHA-256 of the text's UTF-8 bytes, in 64 lower-case hex digits. */
    public static String sha256Hex(String text) {
        return HEX.formatHex(sha256(text));
    }

    /** The SHA-256 of the bytes, in 64 lower-case hex digits. */
    public static String sha256Hex(byte[] bytes) {
        return HEX.formatHex(sha256(bytes));
    }

    /**
     * The HMAC-SHA256 of the parts, one after the other, under the key; a null part counts as empty.
     *
     * @throws IllegalArgumentException when the key is empty
     */
    public static byte[] hmacSha256(byte[] key, byte[]... parts) {
        try {
            Mac mac = Mac.getInstance(HMAC_SHA256);
            mac.init(new SecretKeySpec(key, HMAC_SHA256));
            for (byte[] part : parts) {
                mac.update(part == null ? new byte[0] : part);
            }
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime has HmacSHA256", e);
        }
    }

    /** Lower-case hex of the bytes. */
    public static String hex(byte[] bytes) {
        return HEX.formatHex(bytes);
    }

    /** The bytes of a hex string (either case), or null when it is not one (odd length, other characters). */
    public static byte[] parseHex(String hex) {
        if (hex == null || hex.length() % 2 != 0) {
            return null;
        }
        try {
            return HEX.parseHex(hex);
        } catch (IllegalArgumentException notHex) {
            return null;
        }
    }
}
