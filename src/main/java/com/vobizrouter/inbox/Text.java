package com.vobizrouter.inbox;

/** Small text helpers shared by the code that writes to bounded database columns. */
public final class Text {

    private Text() {
    }

    /** The text cut to at most {@code max} characters; null stays null. */
    public static String truncate(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }
}
