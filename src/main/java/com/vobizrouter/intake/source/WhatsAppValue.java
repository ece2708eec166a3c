package com.vobizrouter.intake.source;

import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.vobizrouter.inbox.EventView;
import com.vobizrouter.inbox.JsonText;

/**
 * Reads the value of a WhatsApp Cloud API webhook change ({@code metadata}, {@code contacts[]},
 * {@code messages[]}, {@code statuses[]}): what Meta sends, and what Vobiz forwards as the
 * {@code payload} of {@code message.inbound} and {@code message.status}. One message or status
 * becomes a view in the SPEC's terms, so the sinks handle it as they handle the SPEC's
 * {@code message.received} and {@code message.sent|delivered|read|failed}:
 *
 * <ul>
 * <li>a message: {@code message_id} (the wamid), {@code from} and {@code contact} (the sender:
 *     id {@code wa_<WhatsApp id>}, the profile name, the number with a {@code +}), the message's
 *     {@code type} and type object ({@code text.body}, {@code image.caption}, …) as they are, its
 *     time; the conversation is the customer on that business number,
 *     {@code wa_<phone number id>_<WhatsApp id>};</li>
 * <li>a status: {@code message_id}, {@code to}, {@code status}, its time, and for a failure
 *     {@code error.code} and {@code error.message} from the first of {@code errors[]}.</li>
 * </ul>
 */
final class WhatsAppValue {

    /** The statuses the router's {@code message.<status>} types name; others stay {@code message.status}. */
    static final Set<String> STATUSES = Set.of("sent", "delivered", "read", "failed");

    private WhatsAppValue() {
    }

    /**
     * The business phone number id the change is about, or null when there is none or it is not
     * a clean id of at most {@value StrictJson#MAX_OPTIONAL_LENGTH} characters (it is stored as
     * the event's channel).
     */
    static String channel(JsonNode value) {
        String id = JsonText.at(value, "/metadata/phone_number_id");
        if (id == null || id.length() > StrictJson.MAX_OPTIONAL_LENGTH || StrictJson.hasControlCharacter(id)
                || StrictJson.hasLoneSurrogate(id)) {
            return null;
        }
        return id;
    }

    /** The first element of an array field when it is an object, else null. */
    static JsonNode first(JsonNode value, String field) {
        JsonNode array = value == null || !value.isObject() ? null : value.get(field);
        if (array == null || !array.isArray() || array.isEmpty() || !array.get(0).isObject()) {
            return null;
        }
        return array.get(0);
    }

    /** The router's type of a status: {@code message.<status>} for the four it knows. */
    static String statusType(String status) {
        return status != null && STATUSES.contains(status) ? "message." + status : "message.status";
    }

    /** Fills a view's data and conversation from one message of a change value. */
    static void message(ObjectNode view, JsonNode value, JsonNode message) {
        ObjectNode data = Views.data(view);
        Views.copyInto(data, message, "id", "from", "timestamp");
        Views.putIfPresent(data, "message_id", JsonText.at(message, "/id"));
        String from = JsonText.at(message, "/from");
        JsonNode sender = sender(value, from);
        String waId = from != null ? from : JsonText.at(sender, "/wa_id");
        Views.putIfPresent(data, "from", phone(waId));
        if (waId != null) {
            ObjectNode contact = data.putObject("contact");
            contact.put("id", "wa_" + waId);
            Views.putIfPresent(contact, "name", JsonText.at(sender, "/profile/name"));
            contact.put("phone", phone(waId));
            String channel = channel(value);
            view.put(EventView.CONVERSATION, "wa_" + (channel != null ? channel + "_" : "") + waId);
        }
        Views.putIfPresent(data, "timestamp", Views.epochSeconds(JsonText.at(message, "/timestamp")));
    }

    /** Fills a view's data from one status of a change value. */
    static void status(ObjectNode view, JsonNode status) {
        ObjectNode data = Views.data(view);
        Views.putIfPresent(data, "message_id", JsonText.at(status, "/id"));
        Views.putIfPresent(data, "to", phone(JsonText.at(status, "/recipient_id")));
        Views.putIfPresent(data, "status", JsonText.at(status, "/status"));
        Views.putIfPresent(data, "timestamp", Views.epochSeconds(JsonText.at(status, "/timestamp")));
        JsonNode error = first(status, "errors");
        if (error != null) {
            ObjectNode mapped = data.putObject("error");
            Views.putIfPresent(mapped, "code", JsonText.at(error, "/code"));
            String details = JsonText.at(error, "/error_data/details");
            String message = details != null ? details : JsonText.at(error, "/message");
            Views.putIfPresent(mapped, "message", message != null ? message : JsonText.at(error, "/title"));
        }
    }

    /**
     * The entry of {@code contacts[]} that is the sender's own: the one whose {@code wa_id} is the
     * message's or call's {@code from}; without a {@code from}, the only entry. Null when there is
     * none, so another customer's entry is never taken for it.
     */
    static JsonNode ownContact(JsonNode value, String from) {
        JsonNode sender = sender(value, from);
        return sender != null && (from == null || from.equals(JsonText.at(sender, "/wa_id"))) ? sender : null;
    }

    /** The sender's entry of {@code contacts[]}: the one with the sender's WhatsApp id, or the only one. */
    private static JsonNode sender(JsonNode value, String waId) {
        JsonNode contacts = value == null || !value.isObject() ? null : value.get("contacts");
        if (contacts == null || !contacts.isArray()) {
            return null;
        }
        for (JsonNode contact : contacts) {
            if (waId != null && waId.equals(JsonText.at(contact, "/wa_id"))) {
                return contact;
            }
        }
        return contacts.size() == 1 && contacts.get(0).isObject() ? contacts.get(0) : null;
    }

    /** A WhatsApp id (digits) as an international number. */
    private static String phone(String waId) {
        if (waId == null) {
            return null;
        }
        return waId.matches("\\d+") ? "+" + waId : waId;
    }
}
