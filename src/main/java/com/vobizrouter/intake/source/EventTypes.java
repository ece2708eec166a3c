package com.vobizrouter.intake.source;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The event types a source dispatches ({@code router.sources.<name>.events}), in the sender's
 * own names: exact types, {@code prefix.*} for a family ({@code call.*}), or {@code *} for all.
 * Other types are stored and answered {@code ignored}.
 */
public final class EventTypes {

    private final Set<String> exact = new LinkedHashSet<>();
    private final List<String> families = new ArrayList<>();
    private final boolean all;

    private EventTypes(Collection<String> patterns) {
        boolean any = false;
        for (String raw : patterns) {
            String pattern = raw.trim();
            if (pattern.equals("*")) {
                any = true;
            } else if (pattern.endsWith(".*") && pattern.length() > 2 && pattern.indexOf('*') == pattern.length() - 1) {
                families.add(pattern);
            } else if (!pattern.isEmpty() && pattern.indexOf('*') < 0) {
                exact.add(pattern);
            } else {
                throw new IllegalArgumentException("'" + pattern + "' is not an event type, a family such as call.* or *");
            }
        }
        this.all = any;
    }

    /**
     * @throws IllegalArgumentException naming a pattern that is none of the three forms
     */
    public static EventTypes of(Collection<String> patterns) {
        return new EventTypes(patterns);
    }

    public boolean enabled(String type) {
        return counted(type) != null;
    }

    /** The pattern that enables the type (its tag in the metrics), or null when none does. */
    String counted(String type) {
        if (type == null) {
            return null;
        }
        if (exact.contains(type)) {
            return type;
        }
        for (String family : families) {
            if (type.startsWith(family.substring(0, family.length() - 1))) {
                return family;
            }
        }
        return all ? "*" : null;
    }

    @Override
    public String toString() {
        List<String> patterns = new ArrayList<>(exact);
        patterns.addAll(families);
        if (all) {
            patterns.add("*");
        }
        return patterns.toString();
    }
}
