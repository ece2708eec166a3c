package com.vobizrouter.intake.source;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 with several active keys (a rotation): a presented MAC is accepted when any key
 * produces it. Every key is tried and compared with {@link MessageDigest#isEqual}, so the time
 * taken tells nothing about how close a guess was or which key matched.
 */
final class Hmac {

    static final int LENGTH = 32;
    private static final String ALGORITHM = "HmacSHA256";

    private final List<SecretKeySpec> keys;

    Hmac(List<byte[]> keys) {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("at least one key is needed");
        }
        this.keys = keys.stream().map(key -> new SecretKeySpec(key, ALGORITHM)).toList();
    }

    /** True when {@code presented} is the MAC of the parts, concatenated, under any key. */
    boolean matches(byte[] presented, byte[]... parts) {
        if (presented == null || presented.length != LENGTH) {
            return false;
        }
        boolean matched = false;
        for (SecretKeySpec key : keys) {
            matched |= MessageDigest.isEqual(mac(key, parts), presented);
        }
        return matched;
    }

    /** True when any of the presented MACs matches under any key. */
    boolean matchesAny(List<byte[]> presented, byte[]... parts) {
        boolean matched = false;
        for (SecretKeySpec key : keys) {
            byte[] expected = mac(key, parts);
            for (byte[] candidate : presented) {
                matched |= candidate != null && candidate.length == LENGTH && MessageDigest.isEqual(expected, candidate);
            }
        }
        return matched;
    }

    static byte[] mac(SecretKeySpec key, byte[]... parts) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            for (byte[] part : parts) {
                mac.update(part);
            }
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
