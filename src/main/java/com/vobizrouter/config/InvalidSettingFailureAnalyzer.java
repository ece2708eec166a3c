package com.vobizrouter.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;

/**
 * Turns a bad setting into Spring Boot's short "APPLICATION FAILED TO START" report with one line
 * per key, {@code Invalid setting <key>: <problem>}, instead of a stack trace or Spring's
 * multi-line binding report, so an operator sees which key to fix. It reads three failures: an
 * {@link InvalidSettingException} (checks made in code), a {@link BindValidationException} (a
 * record's constraints) and any other {@link BindException} (a value that cannot be converted,
 * such as {@code lease: soon}). It runs before Spring Boot's own analyzers, which would otherwise
 * claim the binding failures. A value is quoted only for keys that cannot hold a secret.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
public class InvalidSettingFailureAnalyzer implements FailureAnalyzer {

    private static final Pattern SECRET_KEY = Pattern.compile(".*(secret|password|token|credential).*", Pattern.CASE_INSENSITIVE);
    private static final Pattern CAMEL_HUMP = Pattern.compile("([a-z0-9])([A-Z])");

    @Override
    public FailureAnalysis analyze(Throwable failure) {
        InvalidSettingException invalid = findCause(failure, InvalidSettingException.class);
        if (invalid != null) {
            return report(Map.of(invalid.getKey(), invalid.getProblem()), invalid);
        }
        BindValidationException validation = findCause(failure, BindValidationException.class);
        if (validation != null) {
            return report(problems(validation), validation);
        }
        BindException binding = findCause(failure, BindException.class);
        if (binding != null) {
            String key = binding.getName().toString();
            return report(Map.of(key, conversionProblem(key, binding)), binding);
        }
        return null;
    }

    private static FailureAnalysis report(Map<String, String> problems, Throwable cause) {
        List<String> lines = new ArrayList<>();
        problems.forEach((key, problem) -> lines.add("Invalid setting " + key + ": " + problem));
        return new FailureAnalysis(String.join(System.lineSeparator(), lines),
                "Fix " + String.join(", ", problems.keySet()) + " in application.yaml or its environment variable, then start again.",
                cause);
    }

    /** One entry per key, in key order; several violations of one key share its line. */
    private static Map<String, String> problems(BindValidationException validation) {
        String prefix = validation.getValidationErrors().getName().toString();
        Map<String, List<String>> byKey = new TreeMap<>();
        for (ObjectError error : validation.getValidationErrors().getAllErrors()) {
            String key = error instanceof FieldError field ? prefix + "." + propertyName(field.getField()) : prefix;
            List<String> messages = byKey.computeIfAbsent(key, k -> new ArrayList<>());
            if (!messages.contains(error.getDefaultMessage())) {
                messages.add(error.getDefaultMessage());
            }
        }
        Map<String, String> problems = new LinkedHashMap<>();
        byKey.forEach((key, messages) -> problems.put(key, String.join("; ", messages)));
        return problems;
    }

    /**
     * {@code maxBackoff} -> {@code max-backoff}; {@code enabled[]} (an element of a set) -> {@code enabled};
     * {@code byName[help-desk]} -> {@code help-desk}.
     */
    static String propertyName(String field) {
        String name = field.replace("[]", "");
        int element = name.indexOf("[<");
        if (element >= 0) {
            name = name.substring(0, element);
        }
        // A map bound at its prefix (@Name("") byName): router.sources.<name>, router.destinations.<name>.
        java.util.regex.Matcher entry = java.util.regex.Pattern.compile("^byName\\[([^\\]]*)\\](.*)$").matcher(name);
        if (entry.matches()) {
            return entry.group(1) + CAMEL_HUMP.matcher(entry.group(2)).replaceAll("$1-$2").toLowerCase(Locale.ROOT);
        }
        return CAMEL_HUMP.matcher(name).replaceAll("$1-$2").toLowerCase(Locale.ROOT);
    }

    private static String conversionProblem(String key, BindException binding) {
        Class<?> type = binding.getTarget().getType().resolve(Object.class);
        String expected;
        if (type == Duration.class) {
            expected = "must be a duration such as 500ms, 30s, 5m or PT5M";
        } else if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            expected = "must be a whole number";
        } else if (type == boolean.class || type == Boolean.class) {
            expected = "must be true or false";
        } else {
            expected = "cannot be read as " + type.getSimpleName();
        }
        ConfigurationProperty property = binding.getProperty();
        if (property == null || property.getValue() == null || SECRET_KEY.matcher(key).matches()) {
            return expected;
        }
        return expected + " (was '" + property.getValue() + "')";
    }

    private static <T extends Throwable> T findCause(Throwable failure, Class<T> type) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return type.cast(cause);
            }
        }
        return null;
    }
}
