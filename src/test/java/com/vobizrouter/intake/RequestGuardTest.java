package com.vobizrouter.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.mock.web.MockHttpServletRequest;

/** Pins the request checks that come before the signature, and their order. */
class RequestGuardTest {

    private final RequestGuard open = new RequestGuard(new ClientAddressResolver(List.of()), List.of());
    private final RequestGuard restricted = new RequestGuard(new ClientAddressResolver(List.of()),
            List.of(CidrBlock.parse("203.0.113.0/24"), CidrBlock.parse("2001:db8::/32")));

    @ParameterizedTest
    @ValueSource(strings = {"application/json", "application/json; charset=utf-8", "Application/JSON;charset=ISO-8859-1",
            "application/vnd.vobiz.event+json", "application/cloudevents+json; charset=UTF-8"})
    void acceptsJsonContentTypes(String contentType) {
        assertThat(RequestGuard.isJson(contentType)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
            "application/jsonx", "json", "application/", "text/json-seq"})
    void refusesOtherContentTypes(String contentType) {
        assertThat(RequestGuard.isJson(contentType)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"identity", "IDENTITY", "", " identity , identity"})
    void acceptsNoContentCoding(String contentEncoding) {
        assertThat(RequestGuard.isIdentity(contentEncoding)).isTrue();
        assertThat(RequestGuard.isIdentity(null)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"gzip", "deflate", "br", "x-gzip", "identity, gzip", "GZIP"})
    void refusesABodyItsSenderSaysIsEncodedWith415(String contentEncoding) {
        assertThat(RequestGuard.isIdentity(contentEncoding)).isFalse();
        assertThatThrownBy(() -> open.check("POST", "198.51.100.7", false, false, "application/json", contentEncoding))
                .isInstanceOfSatisfying(WebhookRejection.class, rejection -> {
                    assertThat(rejection.getStatus()).isEqualTo(415);
                    assertThat(rejection.getReason()).isEqualTo("unsupported_content_encoding");
                });
    }

    @Test
    void anEmptyAllowlistLetsEveryAddressIn() {
        assertThatNoException().isThrownBy(() -> open.check("POST", "198.51.100.7", false, false, "application/json", null));
    }

    @Test
    void anAllowlistLetsOnlyItsNetworksInForIpv4AndIpv6() {
        assertThatNoException().isThrownBy(() -> restricted.check("POST", "203.0.113.9", false, false, "application/json", null));
        assertThatNoException().isThrownBy(() -> restricted.check("POST", "2001:db8::17", false, false, "application/json", null));
        assertRejection(() -> restricted.check("POST", "198.51.100.7", false, false, "application/json", null), 403);
        assertRejection(() -> restricted.check("POST", "2001:db9::1", false, false, "application/json", null), 403);
    }

    @Test
    void checksComeInContractOrderMethodAddressSizeTimeContentType() {
        assertRejection(() -> restricted.check("GET", "198.51.100.7", true, false, "text/plain", null), 405);
        assertRejection(() -> restricted.check("POST", "198.51.100.7", true, false, "text/plain", null), 403);
        assertRejection(() -> restricted.check("POST", "203.0.113.9", true, true, "text/plain", null), 413);
        assertRejection(() -> restricted.check("POST", "203.0.113.9", false, true, "text/plain", null), 408);
        assertRejection(() -> restricted.check("POST", "203.0.113.9", false, false, "text/plain", null), 415);
    }

    @Test
    void processHandsTheCapturedBytesOnAsTheBody() {
        byte[] body = "{\"event_id\":\"e\"}".getBytes(StandardCharsets.UTF_8);
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/webhooks/vobiz");
        request.setContentType("application/json");
        request.setRemoteAddr("198.51.100.7");
        request.setAttribute(RawBodyCaptureFilter.BODY, body);
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getIn().setHeader(Exchange.HTTP_SERVLET_REQUEST, request);

        open.process(exchange);

        assertThat(exchange.getException()).isNull();
        assertThat(exchange.getIn().getBody(byte[].class)).isEqualTo(body);
        assertThat(exchange.getProperty(IntakeKeys.CLIENT_IP)).isEqualTo("198.51.100.7");
    }

    @Test
    void processRejectsAGzipBodyWith415() {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/webhooks/vobiz");
        request.setContentType("application/json");
        request.addHeader("Content-Encoding", "gzip");
        request.setAttribute(RawBodyCaptureFilter.BODY, new byte[] {0x1f, (byte) 0x8b});
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getIn().setHeader(Exchange.HTTP_SERVLET_REQUEST, request);

        open.process(exchange);

        assertThat(exchange.getException()).isInstanceOfSatisfying(WebhookRejection.class,
                rejection -> assertThat(rejection.getReason()).isEqualTo("unsupported_content_encoding"));
    }

    @Test
    void processRejectsABodyTheFilterFoundTooLarge() {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/webhooks/vobiz");
        request.setContentType("application/json");
        request.setAttribute(RawBodyCaptureFilter.TOO_LARGE, Boolean.TRUE);
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getIn().setHeader(Exchange.HTTP_SERVLET_REQUEST, request);

        open.process(exchange);

        assertThat(exchange.getException()).isInstanceOfSatisfying(WebhookRejection.class,
                rejection -> assertThat(rejection.getStatus()).isEqualTo(413));
    }

    private static void assertRejection(Runnable check, int status) {
        assertThatThrownBy(check::run).isInstanceOfSatisfying(WebhookRejection.class,
                rejection -> assertThat(rejection.getStatus()).isEqualTo(status));
    }
}
