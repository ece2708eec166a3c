package com.vobizrouter.intake;

import java.util.regex.Pattern;

/**
 * Masks what must not reach logs or operator screens unmasked: phone numbers (runs of 7 or more
 * digits, with an optional leading +, spaces or dashes between) keep only their last 2 digits.
 */
public final class Masking {

    private static final Pattern PHONE = Pattern.compile("\\+?\\d(?:[ \\-]?\\d){6,}");

    private Masking() {
    }

    public static String phones(String text) {
        if (text == null) {
            return null;
        }
        return PHONE.matcher(text).replaceAll(match -> {
            String digits = match.group().replaceAll("\\D", "");
            return "*".repeat(Math.max(0, digits.length() - 2)) + digits.substring(digits.length() - 2);
        });
    }
}
