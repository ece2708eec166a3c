package com.vobizrouter.intake.source;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.vobizrouter.intake.EventAge;
import com.vobizrouter.intake.SignatureVerifier;
import com.vobizrouter.intake.WebhookRejection;

/**
 * The SPEC's Vobiz format for a source under {@code router.sources} (the source of
 * {@code router.webhook} has its own route, {@code vobiz-intake}): the signature header (by
 * default {@code X-Vobiz-Signature}) carries HMAC-SHA256 of the body in hex or base64, with or
 * without {@code sha256=}; the envelope is {@code {event, event_id, timestamp, channel_id, data}}
 * and is stored as it is, since it already is the router's view.
 */
public final class VobizLegacyProfile implements WebhookProfile {

    public static final String NAME = "vobiz-legacy";

    private final String signatureHeader;
    private final SignatureVerifier verifier;

    public VobizLegacyProfile(String signatureHeader, List<String> secrets) {
        this.signatureHeader = signatureHeader;
        this.verifier = new SignatureVerifier(signatureHeader, secrets);
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
        String signature = headers.get(signatureHeader);
        if (signature == null || signature.isBlank()) {
            throw new WebhookRejection(401, "missing_signature", "missing signature");
        }
        if (!verifier.verify(body == null ? new byte[0] : body, signature)) {
            throw new WebhookRejection(401, "bad_signature", "invalid signature");
        }
    }

    @Override
    public List<SourceEvent> parse(RequestHeaders headers, byte[] body) {
        String json = StrictJson.utf8(body);
        JsonNode envelope = StrictJson.object(json);
        String id = StrictJson.required(envelope, "event_id", "event_id");
        String type = StrictJson.requiredType(envelope, "event", "event");
        return List.of(new SourceEvent(id, type, type, StrictJson.optional(envelope, "channel_id"),
                EventAge.rfc3339(envelope, "timestamp", "timestamp"), json, null));
    }
}
