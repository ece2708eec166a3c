package com.vobizrouter.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import com.vobizrouter.testsupport.WebhookClient.Scheme;

/**
 * A small valid event in each profile's envelope, for an id: one of a type that a source of the
 * profile dispatches with its default {@code events}, and one of a type it does not (stored and
 * answered {@code ignored}). The vobiz-legacy types are those of the shipped
 * {@code router.events.enabled}; standard-webhooks dispatches every type unless told otherwise, so
 * its source must be given {@code events=contact.updated} for {@link #notDispatched} to be ignored.
 */
public final class ProfileEvents {

    private static final String META_SAMPLE_WAMID = "wamid.HBgMOTE5ODc2NTQzMjEwFQIAEhggQzA5RTI0OEM3NDFGN0E1QjlBNjJEMEM1MjFFOEI2RkIA";

    private ProfileEvents() {
    }

    /** An event of a dispatched type; Meta's is an inbound message whose wamid is {@code wamid.<id>}. */
    public static byte[] dispatched(Scheme scheme, String id) {
        return utf8(switch (scheme) {
            case VOBIZ_LEGACY -> WebhookClient.event("message.read", id);
            case VOBIZ_MESSAGING -> "{\"event_id\":\"" + id + "\",\"event_type\":\"call.connect\",\"payload\":{}}";
            case META_WHATSAPP -> sample("meta-whatsapp", "messages.json").replace(META_SAMPLE_WAMID, "wamid." + id);
            case STANDARD_WEBHOOKS -> "{\"type\":\"contact.updated\",\"data\":{\"id\":\"" + id + "\"}}";
        });
    }

    /** An event of a type that is not dispatched; Meta's is a change of a field other than messages and calls. */
    public static byte[] notDispatched(Scheme scheme, String id) {
        return utf8(switch (scheme) {
            case VOBIZ_LEGACY -> WebhookClient.event("campaign.created", id);
            case VOBIZ_MESSAGING -> "{\"event_id\":\"" + id + "\",\"event_type\":\"template.status_update\",\"payload\":{}}";
            case META_WHATSAPP -> "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"102290129340398\",\"changes\":[{"
                    + "\"field\":\"message_template_status_update\",\"value\":{\"event\":\"APPROVED\",\"message_template_id\":\"" + id
                    + "\"}}]}]}";
            case STANDARD_WEBHOOKS -> "{\"type\":\"invoice.paid\",\"data\":{\"id\":\"" + id + "\"}}";
        });
    }

    /**
     * A Meta notification of {@code count} statuses, one per message {@code wamid.<prefix>-<n>}
     * to recipient {@code 9198765<n>}, each {@code delivered} and dated now.
     */
    public static byte[] metaStatuses(String prefix, int count) {
        long now = java.time.Instant.now().getEpochSecond();
        StringBuilder statuses = new StringBuilder();
        for (int n = 0; n < count; n++) {
            statuses.append(n == 0 ? "" : ",").append("{\"id\":\"wamid.").append(prefix).append('-').append(n)
                    .append("\",\"status\":\"delivered\",\"timestamp\":\"").append(now).append("\",\"recipient_id\":\"9198765")
                    .append(String.format("%05d", n)).append("\"}");
        }
        return utf8("{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"102290129340398\",\"changes\":[{\"value\":{"
                + "\"messaging_product\":\"whatsapp\",\"metadata\":{\"display_phone_number\":\"15550783881\",\"phone_number_id\":"
                + "\"106540352242922\"},\"statuses\":[" + statuses + "]},\"field\":\"messages\"}]}]}");
    }

    private static String sample(String profile, String name) {
        try {
            return FreshTimes.of(Files.readString(Path.of("samples", profile, name)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
