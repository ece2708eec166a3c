package com.vobizrouter.sink.http;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One configured {@code http} destination: where an event is sent ({@code url}, {@code method}),
 * the extra headers and authentication it wants, how long the router waits for it to connect and
 * to answer, the Standard Webhooks signing key (null: unsigned) and how many connections the
 * router may keep open to it.
 *
 * <p>Validating what an operator wrote is the configuration's job; this record refuses what the
 * delivery code cannot work with, with an {@link IllegalArgumentException} whose message starts
 * with the key suffix at fault ({@code url}, {@code method}, {@code headers.<name>},
 * {@code signing-secret}, ...). {@link #toString()} shows no secret.
 *
 * @param headers        extra request headers, in the order configured (names as written)
 * @param auth           null for none
 * @param signingKey     the decoded key of the {@code whsec_} secret, or null not to sign
 * @param maxConnections connections kept open to the destination at most
 */
public record HttpDestination(String name, URI url, String method, Map<String, String> headers, HttpAuth auth,
        Duration timeout, byte[] signingKey, int maxConnections) {

    /** Without a {@code timeout}: for connecting and for the answer each. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    /** Without {@code max-connections}: as many as the router dispatches at once (router.dispatch.concurrency). */
    public static final int DEFAULT_MAX_CONNECTIONS = 200;

    private static final Set<String> METHODS = Set.of("POST", "PUT", "PATCH");
    private static final String SECRET_PREFIX = "whsec_";
    /**
     * Headers the router sets itself, or that Camel's HTTP header filter would silently drop
     * (protocol headers, and any name starting with "camel").
     */
    private static final Set<String> RESERVED_HEADERS = Set.of("content-type", "content-length", "host", "transfer-encoding",
            "connection", "cache-control", "date", "pragma", "trailer", "upgrade", "via", "warning", "idempotency-key",
            "webhook-id", "webhook-timestamp", "webhook-signature");
    private static final String TOKEN_CHARS = "!#$%&'*+-.^_`|~";

    public HttpDestination {
        if (name == null || !name.matches("[a-z0-9]+")) {
            throw new IllegalArgumentException("name: lower-case letters and digits only: " + name);
        }
        url = checkedUrl(url);
        method = method == null ? "POST" : method.toUpperCase(Locale.ROOT);
        if (!METHODS.contains(method)) {
            throw new IllegalArgumentException("method: one of POST, PUT, PATCH (the event is the body): " + method);
        }
        headers = checkedHeaders(headers == null ? Map.of() : headers, auth);
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
        if (timeout.isNegative() || timeout.toMillis() < 1 || timeout.compareTo(Duration.ofDays(1)) > 0) {
            throw new IllegalArgumentException("timeout: between 1 ms and a day: " + timeout);
        }
        if (signingKey != null) {
            if (signingKey.length == 0) {
                throw new IllegalArgumentException("signing-secret: the key is empty");
            }
            signingKey = signingKey.clone();
        }
        if (maxConnections < 1) {
            throw new IllegalArgumentException("max-connections: at least 1: " + maxConnections);
        }
    }

    /**
     * A destination from plain configuration values.
     *
     * @param method         null for POST
     * @param timeout        null for {@link #DEFAULT_TIMEOUT}
     * @param signingSecret  {@code whsec_<base64 key>}, or null not to sign
     * @param maxConnections 0 for {@link #DEFAULT_MAX_CONNECTIONS}
     */
    public static HttpDestination of(String name, String url, String method, Map<String, String> headers, HttpAuth auth,
            Duration timeout, String signingSecret, int maxConnections) {
        URI uri;
        try {
            uri = new URI(url == null ? "" : url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("url: not a URL: " + e.getMessage());
        }
        return new HttpDestination(name, uri, method, headers, auth, timeout, signingKey(signingSecret),
                maxConnections == 0 ? DEFAULT_MAX_CONNECTIONS : maxConnections);
    }

    /** The key of a {@code whsec_<base64>} secret, or null for none. */
    public static byte[] signingKey(String secret) {
        if (secret == null) {
            return null;
        }
        if (!secret.startsWith(SECRET_PREFIX)) {
            throw new IllegalArgumentException("signing-secret: must start with " + SECRET_PREFIX);
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(secret.substring(SECRET_PREFIX.length()));
        } catch (IllegalArgumentException notBase64) {
            throw new IllegalArgumentException("signing-secret: the part after " + SECRET_PREFIX + " is not base64");
        }
        if (key.length == 0) {
            throw new IllegalArgumentException("signing-secret: the key after " + SECRET_PREFIX + " is empty");
        }
        return key;
    }

    /** The signing key, a copy (null when unsigned). */
    @Override
    public byte[] signingKey() {
        return signingKey == null ? null : signingKey.clone();
    }

    /** Whether requests carry a Standard Webhooks signature. */
    public boolean signed() {
        return signingKey != null;
    }

    @Override
    public String toString() {
        return "HttpDestination[name=" + name + ", url=" + url + ", method=" + method + ", headers=" + headers.keySet()
                + ", auth=" + auth + ", timeout=" + timeout + ", signed=" + signed() + ", maxConnections=" + maxConnections + "]";
    }

    private static URI checkedUrl(URI url) {
        if (url == null || url.getScheme() == null || !Set.of("http", "https").contains(url.getScheme().toLowerCase(Locale.ROOT))
                || url.getHost() == null || url.isOpaque()) {
            throw new IllegalArgumentException("url: an absolute http or https URL with a host: " + url);
        }
        if (url.getRawUserInfo() != null) {
            throw new IllegalArgumentException("url: credentials belong in auth, not in the URL");
        }
        if (url.getRawFragment() != null) {
            throw new IllegalArgumentException("url: a fragment is never sent: " + url);
        }
        String text = url.toASCIIString();
        // Camel resolves {{...}} in the URL it calls (CamelHttpUri): a URL must not read the router's properties.
        if (text.contains("{{") || text.contains("}}")) {
            throw new IllegalArgumentException("url: must not contain {{ or }}");
        }
        return URI.create(text);
    }

    private static Map<String, String> checkedHeaders(Map<String, String> headers, HttpAuth auth) {
        Map<String, String> seen = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        Map<String, String> checked = new LinkedHashMap<>();
        for (Map.Entry<String, String> header : headers.entrySet()) {
            String name = header.getKey();
            String key = "headers." + name;
            requireHeaderName(key, name);
            requireHeaderValue(key, header.getValue());
            String lower = name.toLowerCase(Locale.ROOT);
            if (RESERVED_HEADERS.contains(lower) || lower.startsWith("camel") || lower.startsWith("org.apache.camel")) {
                throw new IllegalArgumentException(key + ": set by the router, cannot be configured");
            }
            if (auth != null && auth.headerName().equalsIgnoreCase(name)) {
                throw new IllegalArgumentException(key + ": set by auth");
            }
            if (seen.put(name, name) != null) {
                throw new IllegalArgumentException(key + ": configured twice (header names ignore case)");
            }
            checked.put(name, header.getValue());
        }
        if (auth != null) {
            String lower = auth.headerName().toLowerCase(Locale.ROOT);
            if (RESERVED_HEADERS.contains(lower) || lower.startsWith("camel") || lower.startsWith("org.apache.camel")) {
                throw new IllegalArgumentException("auth.header: set by the router, cannot be configured");
            }
        }
        return Collections.unmodifiableMap(checked);
    }

    /** A header name is an HTTP token (RFC 9110). */
    static void requireHeaderName(String key, String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException(key + ": a header name is needed");
        }
        for (char c : name.toCharArray()) {
            boolean token = c < 128 && (Character.isLetterOrDigit(c) || TOKEN_CHARS.indexOf(c) >= 0);
            if (!token) {
                throw new IllegalArgumentException(key + ": not a valid header name");
            }
        }
    }

    /** A header value has no control characters (no CR or LF to start a header of its own). */
    static void requireHeaderValue(String key, String value) {
        if (value == null) {
            throw new IllegalArgumentException(key + ": a value is needed");
        }
        for (char c : value.toCharArray()) {
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                throw new IllegalArgumentException(key + ": control characters are not allowed in a header value");
            }
        }
    }
}
