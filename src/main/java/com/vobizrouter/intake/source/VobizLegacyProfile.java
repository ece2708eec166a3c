package com.vobizrouter.intake.source;

import java.util.Base64;
import java.util.List;

import com.vobizrouter.inbox.Digests;
import com.vobizrouter.intake.EventAge;

/**
 * The SPEC's Vobiz format: the profile of the built-in source {@code vobiz} ({@code router.webhook})
 * and of any source under {@code router.sources} that uses it.
 *
 * <p>Signature: the signature header (by default {@code X-Vobiz-Signature}) carries HMAC-SHA256
 * of the exact body bytes, keyed with a secret, in hex (either case) or standard base64, with or
 * without a {@code sha256=} prefix. The body is never decoded for the check: non-ASCII text,
 * invalid UTF-8, a BOM or CRLF line ends verify exactly as signed. Without secrets (the built-in
 * source with {@code router.webhook.allow-unsigned}, demo profile only) nothing is checked.
 *
 * <p>Envelope: {@code {event, event_id, timestamp, channel_id, data}}, stored as it is, since it
 * already is the router's view.
 */
public final class VobizLegacyProfile implements WebhookProfile {

    public static final String NAME = "vobiz-legacy";
    private static final String PREFIX = "sha256=";

    private final String signatureHeader;
    /** Null when requests are not signed. */
    private final Hmac hmac;

    /**
     * @param signatureHeader the header carrying the signature (looked up case-insensitively)
     * @param secrets the active secrets; empty only for unsigned requests
     */
    public VobizLegacyProfile(String signatureHeader, List<String> secrets) {
        this.signatureHeader = signatureHeader;
        this.hmac = secrets.isEmpty() ? null : Hmac.ofSecrets(secrets);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String eventTimeField() {
        return "timestamp";
    }

    @Override
    public void verify(RequestHeaders headers, byte[] body) {
        if (hmac != null) {
            hmac.verify(decode(Hmac.required(headers.get(signatureHeader))), body);
        }
    }

    /** The signature bytes from hex or base64, after an optional {@code sha256=}; null when it is neither. */
    static byte[] decode(String signature) {
        String value = signature.regionMatches(true, 0, PREFIX, 0, PREFIX.length()) ? signature.substring(PREFIX.length()) : signature;
        if (value.length() == Hmac.LENGTH * 2) {
            return Digests.parseHex(value);
        }
        try {
            return Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException notBase64) {
            return null;
        }
    }

    @Override
    public List<SourceEvent> parse(RequestHeaders headers, byte[] body) {
        StrictJson.Envelope envelope = StrictJson.envelope(body, "event_id", "event");
        return List.of(new SourceEvent(envelope.id(), envelope.type(), envelope.type(), StrictJson.optional(envelope.object(), "channel_id"),
                EventAge.rfc3339(envelope.object(), "timestamp", "timestamp"), envelope.json(), null));
    }
}
