package com.vobizrouter.sink.http;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * How an {@code http} destination proves who is calling: one header on every request. Basic
 * (username and password), bearer (a token) or an API key (a header of the destination's choosing
 * and its value). The secrets never appear in {@link #toString()}, so a destination can be logged.
 */
public sealed interface HttpAuth permits HttpAuth.Basic, HttpAuth.Bearer, HttpAuth.ApiKey {

    /** The name of the header this authentication sets. */
    String headerName();

    /** The value of that header. */
    String headerValue();

    /** {@code Authorization: Basic base64(username:password)}. */
    record Basic(String username, String password) implements HttpAuth {

        public Basic {
            HttpDestination.requireHeaderValue("auth.username", username);
            HttpDestination.requireHeaderValue("auth.password", password);
            if (username.isEmpty() || username.indexOf(':') >= 0) {
                throw new IllegalArgumentException("auth.username: must be non-empty and without ':'");
            }
        }

        @Override
        public String headerName() {
            return "Authorization";
        }

        @Override
        public String headerValue() {
            return "Basic " + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public String toString() {
            return "Basic[username=" + username + ", password=***]";
        }
    }

    /** {@code Authorization: Bearer <token>}. */
    record Bearer(String token) implements HttpAuth {

        public Bearer {
            HttpDestination.requireHeaderValue("auth.token", token);
            if (token.isBlank()) {
                throw new IllegalArgumentException("auth.token: must not be blank");
            }
        }

        @Override
        public String headerName() {
            return "Authorization";
        }

        @Override
        public String headerValue() {
            return "Bearer " + token;
        }

        @Override
        public String toString() {
            return "Bearer[token=***]";
        }
    }

    /** {@code <header>: <value>}, for receivers that want a key in a header of their own. */
    record ApiKey(String header, String value) implements HttpAuth {

        public ApiKey {
            HttpDestination.requireHeaderName("auth.header", header);
            HttpDestination.requireHeaderValue("auth.value", value);
            if (value.isBlank()) {
                throw new IllegalArgumentException("auth.value: must not be blank");
            }
        }

        @Override
        public String headerName() {
            return header;
        }

        @Override
        public String headerValue() {
            return value;
        }

        @Override
        public String toString() {
            return "ApiKey[header=" + header + ", value=***]";
        }
    }
}
