package com.vobizrouter.intake.source;

/** The headers of a webhook request, looked up by name, case-insensitively; null when absent. */
@FunctionalInterface
public interface RequestHeaders {

    String get(String name);
}
