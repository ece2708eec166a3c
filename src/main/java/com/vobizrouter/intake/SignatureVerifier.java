package com.vobizrouter.intake;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.servlet.http.HttpServletRequest;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Verifies Vobiz's {@code X-Vobiz-Signature}: HMAC-SHA256 over the exact body bytes, keyed with
 * the webhook secret.
 *
 * <p>The signature may be hex (either case) or standard base64, with or without a
 * {@code sha256=} prefix. Several secrets may be active during a rotation; the request is
 * accepted when any of them matches. Every secret is tried and compared with
 * {@link MessageDigest#isEqual} so the time taken does not tell an attacker how close a guess
 * was. The body is read as bytes and never decoded here: non-ASCII text, invalid UTF-8, a BOM or
 * CRLF line ends verify exactly as signed.
 *
 * <p>The signature is read from the HTTP request's header itself. platform-http also copies query
 * parameters into the message headers, so {@code ?X-Vobiz-Signature=...} would otherwise pass for
 * the header; a signature in a URL ends up in access logs and is not what the contract accepts.
 */
public class SignatureVerifier implements Processor {

    private static final String ALGORITHM = "HmacSHA256";
    private static final int MAC_LENGTH = 32;
    private static final String PREFIX = "sha256=";

    private final String headerName;
    private final List<SecretKeySpec> keys;

    /**
     * @param headerName the header carrying the signature (looked up case-insensitively)
     * @param secrets the active secrets; empty only when unsigned requests are allowed
     */
    public SignatureVerifier(String headerName, List<String> secrets) {
        this.headerName = headerName;
        this.keys = secrets.stream()
                .map(secret -> new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM))
                .toList();
    }

    @Override
    public void process(Exchange exchange) {
        if (keys.isEmpty()) {
            return;
        }
        byte[] body = exchange.getIn().getBody(byte[].class);
        String signature = signatureHeader(exchange);
        if (signature == null || signature.isBlank()) {
            exchange.setException(new WebhookRejection(401, "missing_signature", "missing signature"));
        } else if (!verify(body == null ? new byte[0] : body, signature)) {
            exchange.setException(new WebhookRejection(401, "bad_signature", "invalid signature"));
        }
    }

    /** The header as the client sent it; without a servlet request (unit tests), the message header. */
    private String signatureHeader(Exchange exchange) {
        HttpServletRequest request = exchange.getIn().getHeader(Exchange.HTTP_SERVLET_REQUEST, HttpServletRequest.class);
        return request != null ? request.getHeader(headerName) : exchange.getIn().getHeader(headerName, String.class);
    }

    /** True when the signature matches the body under any active secret. */
    public boolean verify(byte[] body, String signature) {
        byte[] presented = decode(signature);
        if (presented == null) {
            return false;
        }
        boolean matched = false;
        for (SecretKeySpec key : keys) {
            matched |= MessageDigest.isEqual(hmac(key, body), presented);
        }
        return matched;
    }

    /** The 32 signature bytes from hex or base64, or null when it is neither. */
    static byte[] decode(String signature) {
        String value = signature.trim();
        if (value.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            value = value.substring(PREFIX.length());
        }
        if (value.length() == MAC_LENGTH * 2) {
            try {
                return HexFormat.of().parseHex(value);
            } catch (IllegalArgumentException notHex) {
                return null;
            }
        }
        try {
            byte[] decoded = Base64.getDecoder().decode(value);
            return decoded.length == MAC_LENGTH ? decoded : null;
        } catch (IllegalArgumentException notBase64) {
            return null;
        }
    }

    private static byte[] hmac(SecretKeySpec key, byte[] body) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
