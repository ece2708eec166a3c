package com.vobizrouter.testsupport;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Signs bodies the way Vobiz does, in each encoding the router must accept. */
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
}
