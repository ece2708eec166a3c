package com.vobizrouter.dispatch;

import java.util.List;
import java.util.Locale;

/**
 * A business system the router delivers to ({@code router.destinations.<name>.*}): its kind, the
 * router types it subscribes to besides the YAML routes that name it, whether deliveries are
 * made, its API budget and its attempts. {@code route} is the sink route that delivers one event
 * to it ({@code direct:<route>}): fixed by the kind (and, for the built-in tables, by the name),
 * never by anything an event carries.
 *
 * @param events    the router types it takes without a route naming it: {@code *} for all,
 *                  {@code message.*} for a family, else exact types
 * @param rateLimit its calls a minute on every instance together; 0 for none
 */
public record Destination(String name, Kind kind, List<String> events, boolean enabled, int rateLimit, int maxAttempts, String route) {

    /** The kinds of destination. */
    public enum Kind {
        HTTP, KAFKA, SQL, SALESFORCE, ZENDESK;

        /** The name used in settings, e.g. {@code http}. */
        public String settingName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public Destination {
        events = List.copyOf(events);
    }

    /** Whether its {@code events} subscription takes this router type. */
    public boolean subscribes(String type) {
        if (type == null) {
            return false;
        }
        for (String pattern : events) {
            if (pattern.equals("*") || pattern.equals(type)
                    || pattern.endsWith(".*") && type.startsWith(pattern.substring(0, pattern.length() - 1))) {
                return true;
            }
        }
        return false;
    }
}
