package com.vobizrouter.intake.source;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.vobizrouter.intake.WebhookRejection;
import org.assertj.core.api.ThrowableAssert;

/** Small helpers of the profile tests: samples, headers, views, refusals. */
final class ProfileTesting {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ProfileTesting() {
    }

    static byte[] sample(String profile, String name) {
        try {
            return Files.readAllBytes(Path.of("samples", profile, name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Headers looked up case-insensitively, as a servlet request does. */
    static RequestHeaders headers(String... namesAndValues) {
        Map<String, String> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 0; i < namesAndValues.length; i += 2) {
            map.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return map::get;
    }

    static JsonNode view(SourceEvent event) {
        try {
            return JSON.readTree(event.view());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void refused(ThrowableAssert.ThrowingCallable call, int status, String reason) {
        assertThatThrownBy(call).isInstanceOfSatisfying(WebhookRejection.class, rejection -> {
            org.assertj.core.api.Assertions.assertThat(rejection.getStatus()).isEqualTo(status);
            org.assertj.core.api.Assertions.assertThat(rejection.getReason()).isEqualTo(reason);
        });
    }
}
