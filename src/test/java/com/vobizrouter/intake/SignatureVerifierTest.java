package com.vobizrouter.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

import com.vobizrouter.testsupport.Signatures;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.mock.web.MockHttpServletRequest;

/**
 * Pins the HMAC check: every accepted encoding, rotation, every way a signature can be wrong,
 * and bodies whose bytes must not be decoded before hashing.
 */
class SignatureVerifierTest {

    private static final String CURRENT = "whsec_current_0123456789";
    private static final String PREVIOUS = "whsec_previous_9876543210";
    private static final byte[] BODY = "{\"event\":\"message.read\",\"event_id\":\"evt_1\"}".getBytes(StandardCharsets.UTF_8);

    private final SignatureVerifier verifier = new SignatureVerifier("X-Vobiz-Signature", List.of(CURRENT, PREVIOUS));
    private final CamelContext camel = startedCamelContext();

    @Test
    void matchesThePublishedHmacSha256TestVector() {
        // RFC 4231, test case 2.
        SignatureVerifier jefe = new SignatureVerifier("X-Vobiz-Signature", List.of("Jefe"));
        byte[] data = "what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII);
        assertThat(jefe.verify(data, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")).isTrue();
        assertThat(jefe.verify(data, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3844")).isFalse();
    }

    @Test
    void acceptsLowercaseHex() {
        assertThat(verifier.verify(BODY, Signatures.hex(CURRENT, BODY))).isTrue();
    }

    @Test
    void acceptsUppercaseHex() {
        assertThat(verifier.verify(BODY, Signatures.hex(CURRENT, BODY).toUpperCase(Locale.ROOT))).isTrue();
    }

    @Test
    void acceptsStandardBase64() {
        assertThat(verifier.verify(BODY, Signatures.base64(CURRENT, BODY))).isTrue();
    }

    @Test
    void acceptsTheSha256PrefixOnHexAndBase64InAnyCase() {
        assertThat(verifier.verify(BODY, "sha256=" + Signatures.hex(CURRENT, BODY))).isTrue();
        assertThat(verifier.verify(BODY, "SHA256=" + Signatures.hex(CURRENT, BODY))).isTrue();
        assertThat(verifier.verify(BODY, "sha256=" + Signatures.base64(CURRENT, BODY))).isTrue();
    }

    @Test
    void acceptsEitherSecretDuringARotation() {
        assertThat(verifier.verify(BODY, Signatures.hex(CURRENT, BODY))).isTrue();
        assertThat(verifier.verify(BODY, Signatures.hex(PREVIOUS, BODY))).isTrue();
    }

    @Test
    void refusesASignatureMadeWithAnotherSecret() {
        assertThat(verifier.verify(BODY, Signatures.hex("whsec_retired", BODY))).isFalse();
        assertThat(verifier.verify(BODY, Signatures.base64("whsec_retired", BODY))).isFalse();
    }

    @Test
    void refusesARetiredSecretOnceItIsRemovedFromTheList() {
        SignatureVerifier afterRotation = new SignatureVerifier("X-Vobiz-Signature", List.of(CURRENT));
        assertThat(afterRotation.verify(BODY, Signatures.hex(PREVIOUS, BODY))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "sha256=", "not-a-signature", "zz", "0123456789abcdef",
            "sha256=zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz",
            "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", "sha1=abcdef", "%%%%"})
    void refusesGarbageSignatures(String signature) {
        assertThat(verifier.verify(BODY, signature)).isFalse();
    }

    @Test
    void refusesTruncatedSignatures() {
        String hex = Signatures.hex(CURRENT, BODY);
        String base64 = Signatures.base64(CURRENT, BODY);
        assertThat(verifier.verify(BODY, hex.substring(0, 63))).isFalse();
        assertThat(verifier.verify(BODY, hex.substring(0, 32))).isFalse();
        assertThat(verifier.verify(BODY, base64.substring(0, 40))).isFalse();
    }

    @Test
    void verifiesHindiTextAndEmojiAsSignedAndFailsWhenOneByteFlips() {
        assertSignedBytesVerifyAndAFlippedByteFails(
                "{\"event\":\"message.received\",\"event_id\":\"evt_hi\",\"data\":{\"text\":{\"body\":\"नमस्ते दुनिया 🙏🏽👍\"}}}"
                        .getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void verifiesInvalidUtf8BytesAsSigned() {
        byte[] body = {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, (byte) 0xFF, (byte) 0xFE, '"', '}'};
        assertSignedBytesVerifyAndAFlippedByteFails(body);
    }

    @Test
    void verifiesABodyWithAByteOrderMarkAsSigned() {
        byte[] json = "{\"event_id\":\"evt_bom\"}".getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[json.length + 3];
        body[0] = (byte) 0xEF;
        body[1] = (byte) 0xBB;
        body[2] = (byte) 0xBF;
        System.arraycopy(json, 0, body, 3, json.length);
        assertSignedBytesVerifyAndAFlippedByteFails(body);
        assertThat(verifier.verify(json, Signatures.hex(CURRENT, body))).as("BOM is part of the signed bytes").isFalse();
    }

    @Test
    void verifiesCrlfLineEndsAsSignedAndNotTheirLfTwin() {
        byte[] crlf = "{\r\n  \"event_id\": \"evt_crlf\"\r\n}\r\n".getBytes(StandardCharsets.UTF_8);
        byte[] lf = "{\n  \"event_id\": \"evt_crlf\"\n}\n".getBytes(StandardCharsets.UTF_8);
        assertSignedBytesVerifyAndAFlippedByteFails(crlf);
        assertThat(verifier.verify(lf, Signatures.hex(CURRENT, crlf))).isFalse();
    }

    @Test
    void processLeavesAValidRequestAlone() {
        Exchange exchange = exchange(BODY);
        exchange.getIn().setHeader("X-Vobiz-Signature", Signatures.hex(CURRENT, BODY));
        verifier.process(exchange);
        assertThat(exchange.getException()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"x-vobiz-signature", "X-VOBIZ-SIGNATURE", "x-Vobiz-SIGNATURE"})
    void processFindsTheHeaderWhateverItsCase(String headerName) {
        Exchange exchange = exchange(BODY);
        exchange.getIn().setHeader(headerName, "sha256=" + Signatures.hex(CURRENT, BODY));
        verifier.process(exchange);
        assertThat(exchange.getException()).isNull();
    }

    @Test
    void processTakesTheSignatureFromTheHttpHeaderNotFromAQueryParameterCopiedIntoTheMessage() {
        // platform-http copies ?X-Vobiz-Signature=... into the message headers; the request has no such header.
        Exchange exchange = exchange(BODY);
        exchange.getIn().setHeader(Exchange.HTTP_SERVLET_REQUEST, new MockHttpServletRequest("POST", "/webhooks/vobiz"));
        exchange.getIn().setHeader("X-Vobiz-Signature", Signatures.hex(CURRENT, BODY));
        verifier.process(exchange);
        assertThat(exchange.getException()).isInstanceOfSatisfying(WebhookRejection.class,
                rejection -> assertThat(rejection.getReason()).isEqualTo("missing_signature"));
    }

    @Test
    void processReadsTheHttpHeaderWhateverItsCase() {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/webhooks/vobiz");
        request.addHeader("x-vobiz-SIGNATURE", Signatures.base64(PREVIOUS, BODY));
        Exchange exchange = exchange(BODY);
        exchange.getIn().setHeader(Exchange.HTTP_SERVLET_REQUEST, request);
        verifier.process(exchange);
        assertThat(exchange.getException()).isNull();
    }

    @Test
    void processRejectsAMissingSignatureWith401() {
        Exchange exchange = exchange(BODY);
        verifier.process(exchange);
        assertThat(exchange.getException()).isInstanceOfSatisfying(WebhookRejection.class, rejection -> {
            assertThat(rejection.getStatus()).isEqualTo(401);
            assertThat(rejection.getReason()).isEqualTo("missing_signature");
        });
    }

    @Test
    void processRejectsAWrongSignatureWith401WithoutEchoingIt() {
        Exchange exchange = exchange(BODY);
        String wrong = Signatures.hex("whsec_wrong", BODY);
        exchange.getIn().setHeader("X-Vobiz-Signature", wrong);
        verifier.process(exchange);
        assertThat(exchange.getException()).isInstanceOfSatisfying(WebhookRejection.class, rejection -> {
            assertThat(rejection.getStatus()).isEqualTo(401);
            assertThat(rejection.getReason()).isEqualTo("bad_signature");
            assertThat(rejection.getMessage()).doesNotContain(wrong).doesNotContain(CURRENT);
        });
    }

    @Test
    void processSkipsVerificationOnlyWhenNoSecretIsConfigured() {
        SignatureVerifier unsigned = new SignatureVerifier("X-Vobiz-Signature", List.of());
        Exchange exchange = exchange(BODY);
        unsigned.process(exchange);
        assertThat(exchange.getException()).isNull();
    }

    private void assertSignedBytesVerifyAndAFlippedByteFails(byte[] body) {
        assertThat(verifier.verify(body, Signatures.hex(CURRENT, body))).isTrue();
        assertThat(verifier.verify(body, Signatures.base64(PREVIOUS, body))).isTrue();
        for (int i = 0; i < body.length; i++) {
            byte[] flipped = body.clone();
            flipped[i] ^= 0x01;
            assertThat(verifier.verify(flipped, Signatures.hex(CURRENT, body))).as("byte %d flipped", i).isFalse();
        }
    }

    // Header names are case-insensitive once Camel is running, as it is inside the router.
    private static CamelContext startedCamelContext() {
        CamelContext context = new DefaultCamelContext();
        context.start();
        return context;
    }

    private Exchange exchange(byte[] body) {
        Exchange exchange = new DefaultExchange(camel);
        exchange.getIn().setBody(body);
        return exchange;
    }
}
