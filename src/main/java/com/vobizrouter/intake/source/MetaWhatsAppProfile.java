package com.vobizrouter.intake.source;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.vobizrouter.intake.WebhookRejection;

/**
 * Meta's WhatsApp Cloud API webhooks, received directly.
 *
 * <p>Signature: {@code X-Hub-Signature-256: sha256=<hex>}, HMAC-SHA256 of the raw body keyed by
 * the app secret. Subscription: Meta first sends {@code GET ?hub.mode=subscribe
 * &hub.verify_token=…&hub.challenge=…}, answered with the challenge only when the token is the
 * configured one.
 *
 * <p>One POST can carry several entries, changes, messages and statuses; each becomes its own
 * event, with an id that is the same when Meta delivers it again, so redeliveries are duplicates:
 * a message ({@code message.inbound}, the router's {@code message.received}) is its wamid; a
 * status ({@code message.status}, the router's {@code message.<status>}) is
 * {@code <wamid>:<status>}, since one message has several; a call ({@code field: calls}) is
 * {@code call.<event>} with id {@code <call id>:<event>}. A change of another field
 * ({@code message_template_status_update}, …) is one event named after the field, whose id is
 * the business account, the field and a hash of the change. Types and views are the ones of
 * {@link VobizMessagingProfile}, whose payloads are these change values.
 */
public final class MetaWhatsAppProfile implements WebhookProfile {

    public static final String NAME = "meta-whatsapp";
    public static final String SIGNATURE_HEADER = "X-Hub-Signature-256";
    private static final String PREFIX = "sha256=";
    private static final int MAX_CHALLENGE_LENGTH = 1024;

    private final Hmac hmac;
    private final byte[] verifyToken;

    /**
     * @param appSecrets  the app secrets (several during a rotation)
     * @param verifyToken the token set as "Verify token" in the app's webhook settings
     */
    public MetaWhatsAppProfile(List<String> appSecrets, String verifyToken) {
        this.hmac = new Hmac(appSecrets.stream().map(secret -> secret.getBytes(StandardCharsets.UTF_8)).toList());
        this.verifyToken = verifyToken.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean answersHandshake() {
        return true;
    }

    @Override
    public String handshake(Function<String, String> parameters) {
        String token = parameters.apply("hub.verify_token");
        String challenge = parameters.apply("hub.challenge");
        boolean tokenMatches = token != null && MessageDigest.isEqual(verifyToken, token.getBytes(StandardCharsets.UTF_8));
        if (!"subscribe".equals(parameters.apply("hub.mode")) || !tokenMatches || challenge == null || challenge.isEmpty()
                || challenge.length() > MAX_CHALLENGE_LENGTH || StrictJson.hasControlCharacter(challenge)) {
            return null;
        }
        return challenge;
    }

    @Override
    public void verify(RequestHeaders headers, byte[] body) {
        String signature = headers.get(SIGNATURE_HEADER);
        if (signature == null || signature.isBlank()) {
            throw new WebhookRejection(401, "missing_signature", "missing signature");
        }
        if (!hmac.matches(hex(signature.trim()), body == null ? new byte[0] : body)) {
            throw new WebhookRejection(401, "bad_signature", "invalid signature");
        }
    }

    @Override
    public List<SourceEvent> parse(RequestHeaders headers, byte[] body) {
        String json = StrictJson.utf8(body);
        JsonNode root = StrictJson.object(json);
        if (!"whatsapp_business_account".equals(Views.text(root, "object"))) {
            throw StrictJson.invalid("invalid_envelope", "object must be whatsapp_business_account");
        }
        List<SourceEvent> events = new ArrayList<>();
        for (JsonNode entry : array(root, "entry", "entry")) {
            if (!entry.isObject()) {
                throw StrictJson.invalid("invalid_envelope", "entry[] must hold objects");
            }
            String account = Views.text(entry, "id");
            for (JsonNode change : array(entry, "changes", "entry[].changes")) {
                if (!change.isObject()) {
                    throw StrictJson.invalid("invalid_envelope", "entry[].changes[] must hold objects");
                }
                change(events, json, account, change);
            }
        }
        return events;
    }

    private static void change(List<SourceEvent> events, String json, String account, JsonNode change) {
        String field = Views.text(change, "field");
        JsonNode value = change.get("value");
        String channel = WhatsAppValue.channel(value);
        boolean handled = false;
        if ("messages".equals(field)) {
            for (JsonNode message : array(value, "messages", "messages")) {
                String wamid = StrictJson.checked(Views.text(message, "id"), "messages[].id");
                String at = Views.epochSeconds(Views.text(message, "timestamp"));
                ObjectNode view = Views.envelope("message.received", VobizMessagingProfile.INBOUND, wamid, at, channel);
                WhatsAppValue.message(view, value, message);
                events.add(new SourceEvent(wamid, VobizMessagingProfile.INBOUND, "message.received", channel, at, json, Views.json(view)));
                handled = true;
            }
            for (JsonNode status : array(value, "statuses", "statuses")) {
                String wamid = StrictJson.checked(Views.text(status, "id"), "statuses[].id");
                String state = StrictJson.checked(Views.text(status, "status"), "statuses[].status");
                String id = wamid + ":" + state;
                String type = WhatsAppValue.statusType(state);
                String at = Views.epochSeconds(Views.text(status, "timestamp"));
                ObjectNode view = Views.envelope(type, VobizMessagingProfile.STATUS, id, at, channel);
                WhatsAppValue.status(view, status);
                events.add(new SourceEvent(id, VobizMessagingProfile.STATUS, type, channel, at, json, Views.json(view)));
                handled = true;
            }
        } else if ("calls".equals(field)) {
            for (JsonNode call : array(value, "calls", "calls")) {
                String callId = StrictJson.checked(Views.text(call, "id"), "calls[].id");
                String event = Views.text(call, "event");
                String type = StrictJson.type(event == null ? null : "call." + event, "calls[].event");
                String id = callId + ":" + type.substring("call.".length());
                String at = Views.epochSeconds(Views.text(call, "timestamp"));
                ObjectNode view = Views.envelope(type, type, id, at, channel);
                Views.copyInto(Views.data(view), call);
                events.add(new SourceEvent(id, type, type, channel, at, json, Views.json(view)));
                handled = true;
            }
        }
        if (!handled) {
            String type = StrictJson.type(field == null ? "unknown" : field, "changes[].field");
            String id = (account == null ? "-" : account) + ":" + type + ":" + digest(value);
            ObjectNode view = Views.envelope(type, type, id, null, channel);
            Views.copyInto(Views.data(view), value);
            events.add(new SourceEvent(id, type, type, channel, null, json, Views.json(view)));
        }
    }

    /** The elements of an array field; none when the field is absent; 400 when it is not an array. */
    private static Iterable<JsonNode> array(JsonNode node, String field, String name) {
        JsonNode array = node == null || !node.isObject() ? null : node.get(field);
        if (array == null || array.isNull()) {
            return List.of();
        }
        if (!array.isArray()) {
            throw StrictJson.invalid("invalid_envelope", name + " must be an array");
        }
        return array;
    }

    /** The first 32 hex digits of the SHA-256 of a change value as written by Jackson: the same for a redelivery. */
    private static String digest(JsonNode value) {
        try {
            byte[] bytes = StrictJson.MAPPER.writeValueAsBytes(value == null ? StrictJson.MAPPER.nullNode() : value);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)).substring(0, 32);
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot digest a change value", e);
        }
    }

    /** The 32 bytes after {@code sha256=}, or null when the header is not that. */
    private static byte[] hex(String signature) {
        if (!signature.regionMatches(true, 0, PREFIX, 0, PREFIX.length()) || signature.length() != PREFIX.length() + Hmac.LENGTH * 2) {
            return null;
        }
        try {
            return HexFormat.of().parseHex(signature.substring(PREFIX.length()));
        } catch (IllegalArgumentException notHex) {
            return null;
        }
    }
}
