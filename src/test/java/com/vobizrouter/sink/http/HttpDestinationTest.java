package com.vobizrouter.sink.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** What an {@link HttpDestination} refuses, naming the key at fault, and what it shows. */
class HttpDestinationTest {

    private static final String SECRET = "whsec_" + Base64.getEncoder().encodeToString("k".repeat(32).getBytes());

    @Test
    void plainValuesGiveTheDefaultsForWhatIsLeftOut() {
        HttpDestination destination = HttpDestination.of("chatbot2", "https://bot.example.com/in?a=1", null, null, null, null, null, 0);

        assertThat(destination.method()).isEqualTo("POST");
        assertThat(destination.timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(destination.maxConnections()).isEqualTo(200);
        assertThat(destination.headers()).isEmpty();
        assertThat(destination.signed()).isFalse();
        assertThat(destination.url().getRawQuery()).isEqualTo("a=1");
    }

    @Test
    void whatTheDeliveryCannotWorkWithIsRefusedNamingItsKey() {
        assertRefused("name", () -> HttpDestination.of("Chat-Bot", "https://x.example", null, null, null, null, null, 0));
        assertRefused("url", () -> HttpDestination.of("a", "ftp://x.example/in", null, null, null, null, null, 0));
        assertRefused("url", () -> HttpDestination.of("a", "/relative", null, null, null, null, null, 0));
        assertRefused("url", () -> HttpDestination.of("a", "https://user:pw@x.example/", null, null, null, null, null, 0));
        assertRefused("url", () -> HttpDestination.of("a", "https://x.example/in#part", null, null, null, null, null, 0));
        assertRefused("url", () -> HttpDestination.of("a", "https://x.example/in?k={{db.password}}", null, null, null, null, null, 0));
        assertRefused("url", () -> HttpDestination.of("a", "https://x.example/a b", null, null, null, null, null, 0));
        assertRefused("method", () -> HttpDestination.of("a", "https://x.example", "GET", null, null, null, null, 0));
        assertRefused("headers.Content-Type", () -> HttpDestination.of("a", "https://x.example", null,
                Map.of("Content-Type", "text/plain"), null, null, null, 0));
        assertRefused("headers.Idempotency-Key", () -> HttpDestination.of("a", "https://x.example", null,
                Map.of("Idempotency-Key", "x"), null, null, null, 0));
        assertRefused("headers.CamelHttpUri", () -> HttpDestination.of("a", "https://x.example", null,
                Map.of("CamelHttpUri", "http://elsewhere"), null, null, null, 0));
        assertRefused("headers.X-A", () -> HttpDestination.of("a", "https://x.example", null, Map.of("X-A", "1\r\nX-B: 2"), null,
                null, null, 0));
        assertRefused("headers.Authorization", () -> HttpDestination.of("a", "https://x.example", null,
                Map.of("Authorization", "x"), new HttpAuth.Bearer("t"), null, null, 0));
        Map<String, String> twice = new LinkedHashMap<>();
        twice.put("X-Tenant", "1");
        twice.put("x-tenant", "2");
        assertRefused("headers.x-tenant", () -> HttpDestination.of("a", "https://x.example", null, twice, null, null, null, 0));
        assertRefused("timeout", () -> HttpDestination.of("a", "https://x.example", null, null, null, Duration.ZERO, null, 0));
        assertRefused("signing-secret", () -> HttpDestination.of("a", "https://x.example", null, null, null, null, "secret", 0));
        assertRefused("signing-secret", () -> HttpDestination.of("a", "https://x.example", null, null, null, null, "whsec_!!", 0));
        assertRefused("signing-secret", () -> HttpDestination.of("a", "https://x.example", null, null, null, null, "whsec_", 0));
        assertRefused("max-connections", () -> HttpDestination.of("a", "https://x.example", null, null, null, null, null, -1));
        assertRefused("auth.username", () -> new HttpAuth.Basic("a:b", "pw"));
        assertRefused("auth.token", () -> new HttpAuth.Bearer(" "));
        assertRefused("auth.header", () -> new HttpAuth.ApiKey("X Key", "v"));
    }

    @Test
    void noSecretIsShownWhenADestinationIsPrinted() {
        HttpDestination destination = HttpDestination.of("crm", "https://crm.example/in", "patch", Map.of("X-Tenant", "acme"),
                new HttpAuth.Basic("router", "pa55word"), null, SECRET, 0);

        assertThat(destination.toString()).contains("crm", "PATCH", "X-Tenant", "signed=true")
                .doesNotContain("pa55word", "acme", SECRET.substring(6));
        assertThat(new HttpAuth.Bearer("tok3n").toString()).doesNotContain("tok3n");
        assertThat(new HttpAuth.ApiKey("X-Key", "v4lue").toString()).doesNotContain("v4lue");
    }

    @Test
    void theSigningKeyIsTheBase64AfterTheWhsecPrefixAndCannotBeChangedFromOutside() {
        HttpDestination destination = HttpDestination.of("a", "https://x.example", null, null, null, null, SECRET, 0);

        byte[] key = destination.signingKey();
        assertThat(key).isEqualTo("k".repeat(32).getBytes());
        key[0] = 0;
        assertThat(destination.signingKey()[0]).isEqualTo((byte) 'k');
    }

    private static void assertRefused(String key, Runnable building) {
        assertThatThrownBy(building::run).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(key + ":");
    }
}
