package com.vobizrouter.sink.http;

import com.vobizrouter.testsupport.StubBudgets;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.vobizrouter.dispatch.DispatchKeys;
import com.vobizrouter.dispatch.Failure;
import com.vobizrouter.dispatch.FailureClassifier;
import com.vobizrouter.dispatch.Mapping;
import com.vobizrouter.dispatch.MappingException;
import com.vobizrouter.dispatch.Mappings;
import com.vobizrouter.inbox.EventKeys;
import com.vobizrouter.inbox.EventView;
import com.vobizrouter.dispatch.SinkPausedException;
import com.vobizrouter.inbox.InboxEvent;
import com.vobizrouter.intake.source.StandardWebhooksProfile;
import org.apache.camel.Exchange;
import org.apache.camel.component.http.HttpEndpoint;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The route of routes/http-destination.camel.yaml, as written, in a plain Camel context with
 * camel-http against a WireMock receiver: what reaches the receiver, and what each answer means.
 */
class HttpDestinationRouteTest {

    private static final byte[] KEY = "the chatbot's signing key, 32 b!".getBytes(StandardCharsets.UTF_8);
    private static final String SECRET = "whsec_" + Base64.getEncoder().encodeToString(KEY);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String PAYLOAD = "{\"type\":\"message.received\",\"data\":{\"text\":\"grüße\"}}";

    private final WireMockServer receiver = new WireMockServer(options().dynamicPort());
    private final StubBudgets budgets = new StubBudgets();
    private final SinkDone inboxDispatcher = new SinkDone();
    private final FailureClassifier classifier = new FailureClassifier(List.of(new HttpFailureRules()));
    private DefaultCamelContext camel;
    private ProducerTemplate producer;

    /** Stands in for inboxDispatcher: counts the deliveries that reached the end of the route. */
    public static class SinkDone {
        final List<String> done = new ArrayList<>();

        public synchronized void sinkDone(Exchange exchange) {
            done.add(exchange.getProperty(DispatchKeys.SINK, String.class));
        }
    }

    @BeforeEach
    void start() throws Exception {
        receiver.start();
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        String base = "http://localhost:" + receiver.port();
        List<HttpDestination> destinations = List.of(
                HttpDestination.of("chatbot", base + "/hooks/in", "put", Map.of("X-Tenant", "acme"),
                        new HttpAuth.Basic("router", "s3cret"), Duration.ofSeconds(5), SECRET, 0),
                HttpDestination.of("crm", base + "/crm", null, Map.of(), new HttpAuth.ApiKey("X-Api-Key", "k-1"), null, null, 0),
                HttpDestination.of("slow", base + "/slow", null, Map.of(), null, Duration.ofMillis(300), null, 0),
                HttpDestination.of("query", base + "/q/path?token=a%2Fb&x=1&x=2&sp=%20&empty=", null, Map.of(), null, null, null, 0),
                HttpDestination.of("gone", "http://localhost:" + closed + "/hooks", null, Map.of(), null, Duration.ofSeconds(2), null, 0),
                HttpDestination.of("slack", base + "/slack", null, Map.of(), null, null, SECRET, 0));
        Mappings mappings = new Mappings(Map.of("slack", Map.of(Mappings.BODY, Mapping.compile(
                "{text: \"Received \\(.data.text) (\\($event_id))\"} | if .text | test(\"fail\") then error(\"refused\") else . end",
                MAPPER))), MAPPER);
        camel = new DefaultCamelContext();
        camel.getRegistry().bind(HttpDestinations.BEAN, new HttpDestinations(destinations, budgets, mappings, MAPPER,
                java.time.Clock.systemUTC()));
        camel.getRegistry().bind("inboxDispatcher", inboxDispatcher);
        camel.getRegistry().bind("sinkBudgets", budgets);
        var loader = PluginHelper.getRoutesLoader(camel);
        var resources = PluginHelper.getResourceLoader(camel);
        loader.loadRoutes(resources.resolveResource("file:routes/sink-errors.camel.yaml"),
                resources.resolveResource("file:routes/http-destination.camel.yaml"));
        camel.start();
        producer = camel.createProducerTemplate();
    }

    @AfterEach
    void stop() {
        camel.stop();
        receiver.stop();
    }

    @Test
    void aTwoHundredIsDeliveredWithTheMethodBodyKeysAuthAndHeadersConfiguredAndNothingElse() throws Exception {
        receiver.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("thanks")));
        Instant before = Instant.now();

        Exchange exchange = deliver("chatbot");

        assertThat(exchange.getException()).isNull();
        assertThat(inboxDispatcher.done).containsExactly("chatbot");
        assertThat(budgets.taken).containsExactly("chatbot");
        LoggedRequest request = onlyRequest();
        assertThat(request.getMethod().getName()).isEqualTo("PUT");
        assertThat(request.getUrl()).isEqualTo("/hooks/in");
        assertThat(request.getBody()).isEqualTo(PAYLOAD.getBytes(StandardCharsets.UTF_8));
        assertThat(request.getHeader("Content-Type")).isEqualTo("application/json");
        assertThat(request.getHeader("Idempotency-Key")).isEqualTo("vobiz:evt_42");
        assertThat(request.getHeader("Authorization")).isEqualTo("Basic " + Base64.getEncoder()
                .encodeToString("router:s3cret".getBytes(StandardCharsets.UTF_8)));
        assertThat(request.getHeader("X-Tenant")).isEqualTo("acme");
        assertThat(request.getHeader("webhook-id")).isEqualTo("vobiz:evt_42");
        long timestamp = Long.parseLong(request.getHeader("webhook-timestamp"));
        assertThat(timestamp).isBetween(before.getEpochSecond(), Instant.now().getEpochSecond());
        assertThat(request.getHeader("webhook-signature")).isEqualTo("v1," + signature("vobiz:evt_42", timestamp, request.getBody()));
        // As a receiver checks it: the router's own Standard Webhooks verifier accepts the request.
        assertThatCode(() -> new StandardWebhooksProfile(List.of(SECRET), Duration.ofMinutes(5), java.time.Clock.systemUTC())
                .verify(request::getHeader, request.getBody())).doesNotThrowAnyException();
        assertThat(headerNames(request)).as("no header of the exchange leaked").containsExactlyInAnyOrder("host", "content-length",
                "content-type", "idempotency-key", "authorization", "x-tenant", "webhook-id", "webhook-timestamp",
                "webhook-signature", "user-agent", "connection");
        assertThat(request.getHeader("Connection")).isEqualToIgnoringCase("keep-alive");
    }

    @Test
    void eachDestinationsEndpointHasItsTimeoutsPoolAndTheBoundedClientSettings() {
        receiver.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200)));
        deliver("slow");
        HttpDestinations bean = camel.getRegistry().lookupByNameAndType(HttpDestinations.BEAN, HttpDestinations.class);

        HttpEndpoint endpoint = camel.getEndpoint(bean.endpointUri("slow"), HttpEndpoint.class);

        assertThat(endpoint.getConnectTimeout()).isEqualTo(300);
        assertThat(endpoint.getResponseTimeout()).isEqualTo(300);
        assertThat(endpoint.isFollowRedirects()).isFalse();
        assertThat(endpoint.isThrowExceptionOnFailure()).isFalse();
        assertThat(endpoint.getHttpClientConfigurer()).isSameAs(bean);
        assertThat(endpoint.getClientConnectionManager()).isInstanceOfSatisfying(PoolingHttpClientConnectionManager.class,
                pool -> assertThat(pool.getMaxTotal()).isEqualTo(200));
    }

    @Test
    void anApiKeyGoesInItsOwnHeaderWithAPostByDefault() {
        receiver.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(204)));

        assertThat(deliver("crm").getException()).isNull();

        LoggedRequest request = onlyRequest();
        assertThat(request.getMethod().getName()).isEqualTo("POST");
        assertThat(request.getHeader("X-Api-Key")).isEqualTo("k-1");
        assertThat(request.containsHeader("Authorization")).isFalse();
        assertThat(request.containsHeader("webhook-signature")).isFalse();
    }

    @Test
    void aServiceUnavailableWithRetryAfterIsTransientWithThatDelay() {
        receiver.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(503).withHeader("Retry-After", "42").withBody("busy")));

        Failure failure = failureOf(deliver("crm"));

        assertThat(failure.kind()).isEqualTo(Failure.Kind.TRANSIENT);
        assertThat(failure.retryAfter()).isEqualTo(Duration.ofSeconds(42));
        assertThat(failure.reason()).isEqualTo("crm answered 503 Service Unavailable");
        assertThat(failure.sinkResponse()).isEqualTo("busy");
        assertThat(receiver.getAllServeEvents()).as("the client itself never retries").hasSize(1);
        assertThat(inboxDispatcher.done).isEmpty();
    }

    @Test
    void tooManyRequestsIsARateLimit() {
        receiver.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "7")));

        Failure failure = failureOf(deliver("crm"));

        assertThat(failure.kind()).isEqualTo(Failure.Kind.RATE_LIMITED);
        assertThat(failure.retryAfter()).isEqualTo(Duration.ofSeconds(7));
        assertThat(receiver.getAllServeEvents()).hasSize(1);
    }

    @Test
    void aNotFoundWithABodyIsPermanentKeepingTheStatusAndTheBody() {
        receiver.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(404).withBody("{\"error\":\"no such hook\"}")));

        Failure failure = failureOf(deliver("chatbot"));

        assertThat(failure.kind()).isEqualTo(Failure.Kind.PERMANENT);
        assertThat(failure.reason()).isEqualTo("chatbot answered 404 Not Found");
        assertThat(failure.sinkResponse()).isEqualTo("{\"error\":\"no such hook\"}");
        assertThat(classifier.classify(deliver("chatbot").getException())).isEqualTo(failure);
    }

    @Test
    void aHugeClientErrorAnswerIsKeptAndReadOnlyToItsFirstFourKilobytes() {
        String huge = "x".repeat(4096) + "y".repeat(4 << 20);
        receiver.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(400).withBody(huge)));

        Failure failure = failureOf(deliver("crm"));

        assertThat(failure.kind()).isEqualTo(Failure.Kind.PERMANENT);
        assertThat(failure.sinkResponse()).isEqualTo("x".repeat(4096));
        // The connection it came on was closed, not drained: the next delivery opens a new one and works.
        receiver.resetAll();
        receiver.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200)));
        assertThat(deliver("crm").getException()).isNull();
    }

    @Test
    void aRedirectIsPermanentAndItsLocationIsNotFollowed() {
        receiver.stubFor(any(urlPathEqualTo("/crm")).willReturn(aResponse().withStatus(302).withHeader("Location", "/elsewhere")));
        receiver.stubFor(any(urlPathEqualTo("/elsewhere")).willReturn(aResponse().withStatus(200)));

        Failure failure = failureOf(deliver("crm"));

        assertThat(failure.kind()).isEqualTo(Failure.Kind.PERMANENT);
        assertThat(failure.reason()).isEqualTo("crm answered 302 Found (not followed to /elsewhere)");
        assertThat(receiver.getAllServeEvents()).hasSize(1);
        assertThat(onlyRequest().getUrl()).isEqualTo("/crm");
    }

    @Test
    void anAnswerSlowerThanTheDestinationsTimeoutIsATransientTimeout() {
        receiver.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withFixedDelay(3000)));
        long started = System.nanoTime();

        Exchange exchange = deliver("slow");

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(2500));
        assertThat(exchange.getException()).isInstanceOf(java.net.SocketTimeoutException.class);
        Failure failure = classifier.classify(exchange.getException());
        assertThat(failure.kind()).isEqualTo(Failure.Kind.TRANSIENT);
        assertThat(failure.reason()).contains("SocketTimeoutException");
        assertThat(inboxDispatcher.done).isEmpty();
    }

    @Test
    void aRefusedConnectionIsTransient() {
        Exchange exchange = deliver("gone");

        assertThat(classifier.classify(exchange.getException()).kind()).isEqualTo(Failure.Kind.TRANSIENT);
        assertThat(exchange.getException()).isInstanceOf(java.io.IOException.class);
    }

    @Test
    void aUrlWithItsOwnQueryStringReachesTheReceiverExactly() {
        receiver.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200)));

        assertThat(deliver("query").getException()).isNull();

        assertThat(onlyRequest().getUrl()).isEqualTo("/q/path?token=a%2Fb&x=1&x=2&sp=%20&empty=");
    }

    @Test
    void aDestinationWithoutBudgetMakesNoRequest() {
        budgets.empty = true;

        Exchange exchange = deliver("crm");

        assertThat(exchange.getException()).isInstanceOf(SinkPausedException.class);
        assertThat(classifier.classify(exchange.getException()).kind()).isEqualTo(Failure.Kind.PAUSED);
        assertThat(receiver.getAllServeEvents()).isEmpty();
    }

    private Exchange deliver(String destination) {
        return deliver(destination, PAYLOAD);
    }

    private Exchange deliver(String destination, String payload) {
        return producer.send("direct:http-destination", exchange -> {
            InboxEvent event = new InboxEvent(42, "vobiz:evt_42", "message.received", "ch_1",
                    "2026-12-07T10:00:00Z", Instant.now(), 0, payload, "claim");
            exchange.setProperty(HttpDestinations.DESTINATION, destination);
            exchange.setProperty(DispatchKeys.EVENT, event);
            exchange.setProperty(EventKeys.VIEW, EventView.of(event, MAPPER));
            exchange.getMessage().setBody("something else");
            exchange.getMessage().setHeader("X-Leaked", "from the sender");
            exchange.getMessage().setHeader("Authorization", "Bearer not-ours");
            exchange.getMessage().setHeader(Exchange.HTTP_PATH, "/evil");
            exchange.getMessage().setHeader(Exchange.HTTP_QUERY, "evil=1");
            exchange.getMessage().setHeader("Cookie", "session=1");
        });
    }

    @Test
    void aDestinationWithAMappingReceivesWhatTheMappingMakesSignedAsSentAndNotTheStoredEvent() throws Exception {
        receiver.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200)));

        Exchange exchange = deliver("slack");

        assertThat(exchange.getException()).isNull();
        LoggedRequest request = onlyRequest();
        assertThat(request.getUrl()).isEqualTo("/slack");
        assertThat(MAPPER.readTree(request.getBody())).isEqualTo(MAPPER.readTree("{\"text\":\"Received grüße (vobiz:evt_42)\"}"));
        assertThat(request.getHeader("Content-Type")).isEqualTo("application/json");
        assertThat(request.getHeader("webhook-signature")).isEqualTo("v1," + signature("vobiz:evt_42",
                Long.parseLong(request.getHeader("webhook-timestamp")), request.getBody()));
        assertThat(inboxDispatcher.done).containsExactly("slack");
    }

    @Test
    void aMappingThatFailsOnAnEventMakesNoCallSpendsNoBudgetAndIsAPermanentFailureWithItsReason() {
        Exchange exchange = deliver("slack", "{\"type\":\"message.received\",\"data\":{\"text\":\"please fail\"}}");

        assertThat(exchange.getException()).isInstanceOf(MappingException.class).hasMessageContaining("slack").hasMessageContaining("refused");
        Failure failure = classifier.classify(exchange.getException());
        assertThat(failure.kind()).isEqualTo(Failure.Kind.PERMANENT);
        assertThat(failure.reason()).contains("refused");
        assertThat(receiver.getAllServeEvents()).isEmpty();
        assertThat(budgets.taken).isEmpty();
        assertThat(inboxDispatcher.done).isEmpty();
    }

    private Failure failureOf(Exchange exchange) {
        assertThat(exchange.getException()).isInstanceOf(HttpDestinationException.class);
        return classifier.classify(exchange.getException());
    }

    private LoggedRequest onlyRequest() {
        assertThat(receiver.getAllServeEvents()).hasSize(1);
        return receiver.getAllServeEvents().get(0).getRequest();
    }

    private static Set<String> headerNames(LoggedRequest request) {
        return request.getHeaders().all().stream().map(HttpHeader::key).map(name -> name.toLowerCase(Locale.ROOT))
                .collect(Collectors.toSet());
    }

    private static String signature(String id, long timestamp, byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(KEY, "HmacSHA256"));
        mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
        return Base64.getEncoder().encodeToString(mac.doFinal(body));
    }
}
