package com.vobizrouter.intake.source;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.vobizrouter.inbox.Digests;
import com.vobizrouter.inbox.JsonText;
import com.vobizrouter.intake.EventAge;

/**
 * Vobiz's outbound WhatsApp webhooks as documented today ("WhatsApp Webhooks", "Webhook events"):
 * {@code X-Webhook-Signature} is the hex HMAC-SHA256 of the exact body keyed by the
 * subscription's secret, without a {@code sha256=} prefix; {@code X-Webhook-Event} repeats the
 * type (the body, which is signed, is what counts); the envelope is
 * {@code {event_id, event_type, account_id, occurred_at, payload}}, {@code event_id} being what
 * makes a retry a duplicate.
 *
 * <p>Types: {@code message.inbound} (payload = the WhatsApp change value with the sender in
 * {@code contacts[]} and the message in {@code messages[]}) is the router's
 * {@code message.received}; {@code message.status} (the change value with {@code statuses[]}) is
 * {@code message.sent|delivered|read|failed} after its status; {@code call.<event>} and any other
 * type keep their name, with the payload as their data. See {@link WhatsAppValue}.
 */
public final class VobizMessagingProfile implements WebhookProfile {

    public static final String NAME = "vobiz-messaging";
    public static final String SIGNATURE_HEADER = "X-Webhook-Signature";
    public static final String INBOUND = "message.inbound";
    public static final String STATUS = "message.status";

    private final Hmac hmac;

    public VobizMessagingProfile(List<String> secrets) {
        this.hmac = Hmac.ofSecrets(secrets);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void verify(RequestHeaders headers, byte[] body) {
        hmac.verify(Digests.parseHex(Hmac.required(headers.get(SIGNATURE_HEADER))), body);
    }

    @Override
    public List<SourceEvent> parse(RequestHeaders headers, byte[] body) {
        StrictJson.Envelope read = StrictJson.envelope(body, "event_id", "event_type");
        JsonNode envelope = read.object();
        String id = read.id();
        String type = read.type();
        String occurredAt = EventAge.rfc3339(envelope, "occurred_at", "occurred_at");
        JsonNode payload = envelope.get("payload");
        String channel = WhatsAppValue.channel(payload);
        if (channel == null) {
            channel = StrictJson.optional(envelope, "account_id");
        }
        String routerType = type;
        ObjectNode view;
        JsonNode message = INBOUND.equals(type) ? WhatsAppValue.first(payload, "messages") : null;
        JsonNode status = STATUS.equals(type) ? WhatsAppValue.first(payload, "statuses") : null;
        if (INBOUND.equals(type)) {
            routerType = "message.received";
            view = Views.envelope(routerType, type, id, occurredAt, channel);
            if (message != null) {
                WhatsAppValue.message(view, payload, message);
            } else {
                Views.copyInto(Views.data(view), payload);
            }
        } else if (status != null) {
            routerType = WhatsAppValue.statusType(JsonText.at(status, "/status"));
            view = Views.envelope(routerType, type, id, occurredAt, channel);
            WhatsAppValue.status(view, status);
        } else {
            view = Views.envelope(routerType, type, id, occurredAt, channel);
            Views.copyInto(Views.data(view), payload);
        }
        return List.of(new SourceEvent(id, type, routerType, channel, occurredAt, read.json(), Views.json(view)));
    }

    @Override
    public String eventTimeField() {
        return "occurred_at";
    }
}
