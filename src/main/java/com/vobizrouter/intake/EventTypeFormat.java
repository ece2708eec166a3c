package com.vobizrouter.intake;

import java.util.regex.Pattern;

/**
 * The one rule for an event type a sender names, on every intake path (the SPEC's envelope and
 * every profile of {@code router.sources}): 1 to {@value #MAX_LENGTH} characters of
 * {@code [A-Za-z0-9._:-]}. The limit is the width of the columns a type is stored in
 * ({@code inbox_event.event_type}, {@code vobiz_event.event_type}, {@code dead_letter.event_type}),
 * so a signed event is refused with a 400 at intake rather than failing its insert with a 5xx
 * that the sender would retry for a day. The characters leave out everything that means something
 * to Camel or to a log line ({@code {{ }}}, {@code ${ }}, {@code ?}, {@code &}, {@code /},
 * spaces, control characters), although no route builds a URI or an expression from a type.
 */
public final class EventTypeFormat {

    /** Width of {@code inbox_event.event_type}. */
    public static final int MAX_LENGTH = 100;
    private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9._:-]{1," + MAX_LENGTH + "}");

    private EventTypeFormat() {
    }

    public static boolean isValid(String type) {
        return type != null && ALLOWED.matcher(type).matches();
    }

    /**
     * The type, when it keeps the rule.
     *
     * @param field how the sender's envelope names the field, for the answer ({@code event},
     *              {@code calls[].event}, …)
     * @throws WebhookRejection 400 {@code invalid_event_type} naming the field (never echoing the value)
     */
    public static String checked(String type, String field) {
        if (!isValid(type)) {
            throw new WebhookRejection(400, "invalid_event_type",
                    field + " must be 1 to " + MAX_LENGTH + " characters of letters, digits and . _ : -");
        }
        return type;
    }
}
