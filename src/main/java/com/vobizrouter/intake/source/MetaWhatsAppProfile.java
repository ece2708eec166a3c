package com.vobizrouter.intake.source;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.vobizrouter.inbox.Digests;
import com.vobizrouter.inbox.JsonText;
import com.vobizrouter.intake.EventAge;
import com.vobizrouter.intake.IntakeJson;
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
 *
 * <p>An event stores the notification cut down to itself, not the request: a
 * message or call with its sender's own {@code contacts[]} entry, a status alone, a change of
 * another field whole; its view is made from that same cut value. So a row never holds other
 * customers' data, and a request of many statuses stores each once. A request of more than
 * {@code max-events} events is refused with 413 as soon as the one past the limit is reached.
 */
public final class MetaWhatsAppProfile implements WebhookProfile {

    public static final String NAME = "meta-whatsapp";
    public static final String SIGNATURE_HEADER = "X-Hub-Signature-256";
    private static final String PREFIX = "sha256=";
    private static final int MAX_CHALLENGE_LENGTH = 1024;

    /** Default of {@code router.sources.<name>.max-events}. */
    public static final int DEFAULT_MAX_EVENTS = 1000;
    /**
     * Most characters an event's payload holds besides its own message, status or call. Meta's
     * own are about 200 (messaging_product, metadata, a contact); a request of 1,000 events can
     * thus store at most about 4 MB more than it carried.
     */
    static final int MAX_SHARED_CHARACTERS = 4096;

    private final Hmac hmac;
    private final byte[] verifyToken;
    private final int maxEvents;

    /**
     * @param appSecrets  the app secrets (several during a rotation)
     * @param verifyToken the token set as "Verify token" in the app's webhook settings
     * @param maxEvents   the most events one request may carry; more are answered 413
     */
    public MetaWhatsAppProfile(List<String> appSecrets, String verifyToken, int maxEvents) {
        this.hmac = Hmac.ofSecrets(appSecrets);
        this.verifyToken = verifyToken.getBytes(StandardCharsets.UTF_8);
        this.maxEvents = maxEvents;
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
    public String eventTimeField() {
        return "timestamp";
    }

    @Override
    public boolean answersEachEvent() {
        return true;
    }

    @Override
    public void verify(RequestHeaders headers, byte[] body) {
        String signature = Hmac.required(headers.get(SIGNATURE_HEADER));
        hmac.verify(signature.regionMatches(true, 0, PREFIX, 0, PREFIX.length())
                ? Digests.parseHex(signature.substring(PREFIX.length())) : null, body);
    }

    @Override
    public List<SourceEvent> parse(RequestHeaders headers, byte[] body) {
        JsonNode root = StrictJson.object(StrictJson.utf8(body));
        if (!"whatsapp_business_account".equals(JsonText.at(root, "/object"))) {
            throw StrictJson.invalid("invalid_envelope", "object must be whatsapp_business_account");
        }
        List<SourceEvent> events = new ArrayList<>();
        for (JsonNode entry : array(root, "entry", "entry")) {
            if (!entry.isObject()) {
                throw StrictJson.invalid("invalid_envelope", "entry[] must hold objects");
            }
            for (JsonNode change : array(entry, "changes", "entry[].changes")) {
                if (!change.isObject()) {
                    throw StrictJson.invalid("invalid_envelope", "entry[].changes[] must hold objects");
                }
                change(events, entry, change);
            }
        }
        return events;
    }

    private void change(List<SourceEvent> events, JsonNode entry, JsonNode change) {
        String account = JsonText.at(entry, "/id");
        String field = JsonText.at(change, "/field");
        JsonNode value = change.get("value");
        String channel = WhatsAppValue.channel(value);
        boolean handled = false;
        if ("messages".equals(field)) {
            for (JsonNode message : array(value, "messages", "messages")) {
                makeRoom(events);
                String wamid = StrictJson.checked(JsonText.at(message, "/id"), "messages[].id");
                String at = EventAge.unixSeconds(message, "timestamp", "messages[].timestamp");
                ObjectNode own = own(value, "messages", message);
                ObjectNode view = Views.envelope("message.received", VobizMessagingProfile.INBOUND, wamid, at, channel);
                WhatsAppValue.message(view, own, message);
                events.add(new SourceEvent(wamid, VobizMessagingProfile.INBOUND, "message.received", channel, at,
                        payload(entry, cut(change, own), message), Views.json(view)));
                handled = true;
            }
            for (JsonNode status : array(value, "statuses", "statuses")) {
                makeRoom(events);
                String wamid = StrictJson.checked(JsonText.at(status, "/id"), "statuses[].id");
                String state = StrictJson.checked(JsonText.at(status, "/status"), "statuses[].status");
                String id = wamid + ":" + state;
                String type = WhatsAppValue.statusType(state);
                String at = EventAge.unixSeconds(status, "timestamp", "statuses[].timestamp");
                ObjectNode view = Views.envelope(type, VobizMessagingProfile.STATUS, id, at, channel);
                WhatsAppValue.status(view, status);
                events.add(new SourceEvent(id, VobizMessagingProfile.STATUS, type, channel, at,
                        payload(entry, cut(change, own(value, "statuses", status)), status), Views.json(view)));
                handled = true;
            }
        } else if ("calls".equals(field)) {
            for (JsonNode call : array(value, "calls", "calls")) {
                makeRoom(events);
                String callId = StrictJson.checked(JsonText.at(call, "/id"), "calls[].id");
                String event = JsonText.at(call, "/event");
                String type = StrictJson.type(event == null ? null : "call." + event, "calls[].event");
                String id = callId + ":" + type.substring("call.".length());
                String at = EventAge.unixSeconds(call, "timestamp", "calls[].timestamp");
                ObjectNode view = Views.envelope(type, type, id, at, channel);
                Views.copyInto(Views.data(view), call);
                events.add(new SourceEvent(id, type, type, channel, at, payload(entry, cut(change, own(value, "calls", call)), call),
                        Views.json(view)));
                handled = true;
            }
        }
        if (!handled) {
            makeRoom(events);
            String type = StrictJson.type(field == null ? "unknown" : field, "changes[].field");
            String id = (account == null ? "-" : account) + ":" + type + ":" + digest(value);
            ObjectNode view = Views.envelope(type, type, id, null, channel);
            Views.copyInto(Views.data(view), value);
            events.add(new SourceEvent(id, type, type, channel, null, payload(entry, change, value), Views.json(view)));
        }
    }

    /** 413 when the request already holds {@code max-events} events: checked before the next one is built. */
    private void makeRoom(List<SourceEvent> events) {
        if (events.size() >= maxEvents) {
            throw new WebhookRejection(413, "too_many_events", "more than " + maxEvents + " events in one request");
        }
    }

    /**
     * A change value cut down to one item: the value's fields that are not arrays
     * ({@code messaging_product}, {@code metadata}), for a message or a call its sender's own
     * {@code contacts[]} entry, and the item alone in its array. The nodes are the parsed
     * request's, shared, not copied: nothing changes them once parsed.
     */
    private static ObjectNode own(JsonNode value, String array, JsonNode item) {
        ObjectNode own = IntakeJson.MAPPER.createObjectNode();
        value.fields().forEachRemaining(field -> {
            if (!field.getValue().isArray()) {
                own.set(field.getKey(), field.getValue());
            }
        });
        if (!"statuses".equals(array)) {
            JsonNode contact = WhatsAppValue.ownContact(value, JsonText.at(item, "/from"));
            if (contact != null) {
                own.putArray("contacts").add(contact);
            }
        }
        own.putArray(array).add(item);
        return own;
    }

    /** The change with its value replaced by a cut one. */
    private static ObjectNode cut(JsonNode change, ObjectNode value) {
        ObjectNode cut = IntakeJson.MAPPER.createObjectNode();
        cut.set("field", change.get("field"));
        cut.set("value", value);
        return cut;
    }

    /**
     * The stored payload of one event: Meta's notification shape around that one change of its
     * entry, {@code {"object":"whatsapp_business_account","entry":[{"id":…,"changes":[change]}]}},
     * written compactly by Jackson, so the same event always gives the same bytes whichever
     * request carried it. Refused (400) when it holds more than {@value #MAX_SHARED_CHARACTERS}
     * characters besides the event's own item: those are repeated in every event of the request.
     */
    private static String payload(JsonNode entry, JsonNode change, JsonNode item) {
        ObjectNode notification = IntakeJson.MAPPER.createObjectNode();
        notification.put("object", "whatsapp_business_account");
        ObjectNode own = notification.putArray("entry").addObject();
        if (entry.has("id")) {
            own.set("id", entry.get("id"));
        }
        own.putArray("changes").add(change);
        String payload = Views.json(notification);
        if (payload.length() - Views.json(item).length() > MAX_SHARED_CHARACTERS) {
            throw StrictJson.invalid("invalid_envelope", "entry[].id, a change's field, its value's fields other than arrays and the"
                    + " sender's contacts[] entry together are longer than " + MAX_SHARED_CHARACTERS + " characters");
        }
        return payload;
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
        return Digests.sha256Hex(Views.json(value == null ? IntakeJson.MAPPER.nullNode() : value)).substring(0, 32);
    }
}
