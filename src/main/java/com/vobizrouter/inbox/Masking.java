package com.vobizrouter.inbox;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks what must not reach logs or operator screens as it is: phone numbers, and WhatsApp ids,
 * which are base64 of the customer's number (a wamid decodes to {@code ..919876543210..}).
 *
 * <p><b>Phone numbers</b> keep only their last 2 digits. A number is 7 or more digits (any
 * script's decimal digits: ASCII, Arabic-Indic, fullwidth, …), with an optional leading {@code +}
 * (or fullwidth {@code ＋}), written with up to 4 separators between digits: spaces of any kind
 * (no-break and thin spaces too), dots, dashes, slashes and parentheses, so
 * {@code +1 (234) 567.8900}, {@code +1  234  567  8900} and {@code ＋１２３４５６７８９０} are all
 * masked. The boundary: fewer than 7 digits are never masked (status codes, counts, times such as
 * {@code 10:30:45}, amounts, coordinates), nor is an ISO date ({@code 2026-03-19}); any longer run
 * of digits is, a Unix timestamp or a numeric id included: 10 digits may be a number, and a leaked
 * number costs more than a masked timestamp.
 *
 * <p><b>WhatsApp ids</b> ({@code wamid.…} of messages and statuses, {@code wacid.…} of calls) are
 * replaced by {@code wamid#} or {@code wacid#} and the first 12 hex digits of the SHA-256 of the
 * whole id, wherever they stand ({@code meta:wamid.X:delivered} becomes
 * {@code meta:wamid#1a2b3c4d5e6f:delivered}), so one message's lines still go together and anyone
 * who holds the real id finds its lines ({@code printf %s "$wamid" | sha256sum | cut -c1-12}); the
 * admin API finds the event by its real id. The hash is not keyed: a WhatsApp id carries a random
 * message key of about 128 bits beside the number, so trying every number cannot reverse it, and
 * a key would make the lines of one id differ between instances.
 */
public final class Masking {

    private static final String SEPARATOR = "[\\p{Zs}\\t.\\-\\u2010-\\u2015\\u2212/()]";

    /** An ISO date (kept) or a phone number (masked): a date is matched first so that its digits are not counted as a number's. */
    private static final Pattern DATE_OR_PHONE = Pattern.compile("((?<!\\d)\\d{4}-\\d{2}-\\d{2}(?!\\d))"
            + "|(?:[+\\uFF0B]\\p{Zs}*)?\\(?\\p{Nd}(?:" + SEPARATOR + "{0,4}\\p{Nd}){6,}");

    private static final Pattern WHATSAPP_ID = Pattern.compile("\\b(wamid|wacid)\\.[A-Za-z0-9+/=_\\-]+", Pattern.CASE_INSENSITIVE);

    private Masking() {
    }

    /** The text with every phone number masked (see the class comment for what a number is). */
    public static String phones(String text) {
        if (text == null) {
            return null;
        }
        return DATE_OR_PHONE.matcher(text).replaceAll(match -> {
            if (match.group(1) != null) {
                return match.group();
            }
            StringBuilder digits = new StringBuilder();
            match.group().codePoints().filter(Character::isDigit).forEach(c -> digits.append(Character.digit(c, 10)));
            return "*".repeat(digits.length() - 2) + digits.substring(digits.length() - 2);
        });
    }

    /** The text with every WhatsApp id replaced by its short hash and every phone number masked: for ids and text in logs. */
    public static String text(String text) {
        if (text == null) {
            return null;
        }
        // Numbers are masked between the ids, so a hash's digits are never taken for a number.
        StringBuilder masked = new StringBuilder(text.length());
        Matcher id = WHATSAPP_ID.matcher(text);
        int from = 0;
        while (id.find()) {
            masked.append(phones(text.substring(from, id.start()))).append(id.group(1).toLowerCase(Locale.ROOT)).append('#')
                    .append(hash(id.group()));
            from = id.end();
        }
        return masked.append(phones(text.substring(from))).toString();
    }

    /** The first six bytes of the id's SHA-256, in hex: enough to tell ids apart in a log. */
    private static String hash(String id) {
        return Digests.sha256Hex(id).substring(0, 12);
    }
}
