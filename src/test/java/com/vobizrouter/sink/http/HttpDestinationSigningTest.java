package com.vobizrouter.sink.http;

import com.vobizrouter.testsupport.StubBudgets;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.vobizrouter.testsupport.SettableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.vobizrouter.dispatch.DispatchKeys;
import com.vobizrouter.dispatch.SinkPausedException;
import com.vobizrouter.inbox.InboxEvent;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.component.http.HttpMethods;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The request {@link HttpDestinations#request} prepares: the Standard Webhooks signature, checked
 * here with javax.crypto directly, made afresh for each attempt; the budget taken first; and
 * nothing of what was on the exchange before.
 */
class HttpDestinationSigningTest {

    private static final byte[] KEY = "a signing key of the chatbot, 32b".getBytes(StandardCharsets.UTF_8);
    private static final String SECRET = "whsec_" + Base64.getEncoder().encodeToString(KEY);
    private static final String PAYLOAD = "{\"type\":\"message.received\",\"data\":{\"text\":\"héllo\"}}";

    private final CamelContext camel = new DefaultCamelContext();
    private final SettableClock clock = new SettableClock(Instant.parse("2026-12-07T10:00:00Z"));
    private final StubBudgets budgets = new StubBudgets();
    private final HttpDestinations destinations = new HttpDestinations(List.of(
            HttpDestination.of("chatbot", "https://bot.example.com/hooks?x=1", null, Map.of("X-Tenant", "t1"),
                    new HttpAuth.Bearer("tok"), Duration.ofSeconds(5), SECRET, 0),
            HttpDestination.of("plain", "http://plain.example.com", "put", Map.of(), null, null, null, 0)), budgets, new com.vobizrouter.dispatch.Mappings(Map.of(), new com.fasterxml.jackson.databind.ObjectMapper()), new com.fasterxml.jackson.databind.ObjectMapper(), clock);

    @AfterEach
    void close() throws Exception {
        camel.close();
    }

    @Test
    void aSignedRequestCarriesTheStandardWebhooksSignatureOfIdTimestampAndBody() throws Exception {
        Exchange exchange = request("chatbot");

        Map<String, Object> headers = exchange.getMessage().getHeaders();
        assertThat(headers).containsEntry("webhook-id", "vobiz:evt_1")
                .containsEntry("webhook-timestamp", Long.toString(clock.instant().getEpochSecond()));
        byte[] body = exchange.getMessage().getBody(byte[].class);
        assertThat(body).isEqualTo(PAYLOAD.getBytes(StandardCharsets.UTF_8));
        assertThat(headers.get("webhook-signature")).isEqualTo("v1," + expectedSignature("vobiz:evt_1",
                clock.instant().getEpochSecond(), body));
    }

    @Test
    void eachAttemptIsSignedAfreshWithItsOwnTimestampAndTheSameWebhookId() throws Exception {
        Exchange first = request("chatbot");
        clock.advance(Duration.ofMinutes(7));
        Exchange second = request("chatbot");

        assertThat(second.getMessage().getHeader("webhook-id")).isEqualTo(first.getMessage().getHeader("webhook-id"));
        assertThat(second.getMessage().getHeader("Idempotency-Key")).isEqualTo(first.getMessage().getHeader("Idempotency-Key"))
                .isEqualTo("vobiz:evt_1");
        long later = clock.instant().getEpochSecond();
        assertThat(second.getMessage().getHeader("webhook-timestamp")).isEqualTo(Long.toString(later))
                .isNotEqualTo(first.getMessage().getHeader("webhook-timestamp"));
        assertThat(second.getMessage().getHeader("webhook-signature"))
                .isNotEqualTo(first.getMessage().getHeader("webhook-signature"))
                .isEqualTo("v1," + expectedSignature("vobiz:evt_1", later, PAYLOAD.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void onlyTheRequestsOwnHeadersRemainAndTheEndpointComesFromTheDestinationsConfiguration() {
        Exchange exchange = request("chatbot");

        assertThat(exchange.getMessage().getHeaders().keySet()).containsExactlyInAnyOrder(Exchange.HTTP_URI, Exchange.HTTP_METHOD,
                Exchange.CONTENT_TYPE, "Idempotency-Key", "X-Tenant", "Authorization", "webhook-id", "webhook-timestamp",
                "webhook-signature");
        assertThat(exchange.getMessage().getHeader(Exchange.HTTP_URI)).isEqualTo("https://bot.example.com/hooks?x=1");
        assertThat(exchange.getMessage().getHeader(Exchange.HTTP_METHOD)).isEqualTo(HttpMethods.POST);
        assertThat(exchange.getMessage().getHeader("Authorization")).isEqualTo("Bearer tok");
        assertThat(exchange.getProperty(HttpDestinations.ENDPOINT, String.class)).isEqualTo(destinations.endpointUri("chatbot"))
                .startsWith("https://bot.example.com?").contains("connectTimeout=5000", "responseTimeout=5000",
                        "followRedirects=false", "throwExceptionOnFailure=false", "maxTotalConnections=200")
                .doesNotContain("evt_1", "hooks");
        assertThat(exchange.getProperty(DispatchKeys.SINK)).isEqualTo("chatbot");
        assertThat(budgets.taken).containsExactly("chatbot");
    }

    @Test
    void anUnsignedDestinationSendsNoSignatureAndItsOwnMethod() {
        Exchange exchange = request("plain");

        assertThat(exchange.getMessage().getHeaders()).doesNotContainKeys("webhook-id", "webhook-timestamp", "webhook-signature",
                "Authorization");
        assertThat(exchange.getMessage().getHeader(Exchange.HTTP_METHOD)).isEqualTo(HttpMethods.PUT);
    }

    @Test
    void aDestinationWithoutBudgetLeftWaitsAndItsExchangeIsLeftAsItWas() {
        budgets.empty = true;
        Exchange exchange = exchange("chatbot");

        assertThatThrownBy(() -> destinations.request(exchange)).isInstanceOf(SinkPausedException.class);
        assertThat(exchange.getMessage().getHeader("X-Before")).isEqualTo("kept");
        assertThat(exchange.getMessage().getHeaders()).doesNotContainKey("Idempotency-Key");
    }

    private Exchange request(String destination) {
        Exchange exchange = exchange(destination);
        destinations.request(exchange);
        return exchange;
    }

    private Exchange exchange(String destination) {
        Exchange exchange = new DefaultExchange(camel);
        exchange.setProperty(HttpDestinations.DESTINATION, destination);
        exchange.setProperty(DispatchKeys.EVENT, new InboxEvent(1, "vobiz:evt_1", "message.received", "ch", "2026-12-07T09:59:00Z",
                Instant.parse("2026-12-07T09:59:01Z"), 0, PAYLOAD, "claim"));
        exchange.getMessage().setHeader("X-Before", "kept");
        exchange.getMessage().setHeader("Authorization", "Bearer someone-elses");
        return exchange;
    }

    private static String expectedSignature(String id, long seconds, byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(KEY, "HmacSHA256"));
        mac.update((id + "." + seconds + ".").getBytes(StandardCharsets.UTF_8));
        return Base64.getEncoder().encodeToString(mac.doFinal(body));
    }
}
