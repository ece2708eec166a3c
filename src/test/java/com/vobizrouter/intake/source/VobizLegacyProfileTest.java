package com.vobizrouter.intake.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

import com.vobizrouter.inbox.EventIds;
import com.vobizrouter.inbox.EventKeys;
import com.vobizrouter.intake.ClientAddressResolver;
import com.vobizrouter.intake.EventAge;
import com.vobizrouter.intake.IntakeKeys;
import com.vobizrouter.intake.RequestGuard;
import com.vobizrouter.intake.WebhookRejection;
import com.vobizrouter.testsupport.SettableClock;
import com.vobizrouter.testsupport.Signatures;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.mock.web.MockHttpServletRequest;

/**
 * The SPEC's Vobiz format, the profile of the built-in source {@code vobiz}: the HMAC check (every
 * accepted encoding, rotation, every way a signature can be wrong, bodies whose bytes must not be
 * decoded before hashing) and what counts as a valid envelope and what the routes get from it.
 */
class VobizLegacyProfileTest {

    private static final String CURRENT = "whsec_current_0123456789";
    private static final String PREVIOUS = "whsec_previous_9876543210";
    private static final byte[] BODY = "{\"event\":\"message.read\",\"event_id\":\"evt_1\"}".getBytes(StandardCharsets.UTF_8);
    /** The source's clock: the samples' day, so their times are fresh. */
    private static final Instant NOW = Instant.parse("2026-03-19T12:00:00Z");

    private final VobizLegacyProfile profile = new VobizLegacyProfile("X-Vobiz-Signature", List.of(CURRENT, PREVIOUS));
    private final SourceIntake intake = intake(profile);

    @Test
    void matchesThePublishedHmacSha256TestVector() {
        // RFC 4231, test case 2.
        VobizLegacyProfile jefe = new VobizLegacyProfile("X-Vobiz-Signature", List.of("Jefe"));
        byte[] data = "what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII);
        assertThat(verifies(jefe, data, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")).isTrue();
        assertThat(verifies(jefe, data, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3844")).isFalse();
    }

    @Test
    void acceptsLowercaseHex() {
        assertThat(verifies(profile, BODY, Signatures.hex(CURRENT, BODY))).isTrue();
    }

    @Test
    void acceptsUppercaseHex() {
        assertThat(verifies(profile, BODY, Signatures.hex(CURRENT, BODY).toUpperCase(Locale.ROOT))).isTrue();
    }

    @Test
    void acceptsStandardBase64() {
        assertThat(verifies(profile, BODY, Signatures.base64(CURRENT, BODY))).isTrue();
    }

    @Test
    void acceptsTheSha256PrefixOnHexAndBase64InAnyCase() {
        assertThat(verifies(profile, BODY, "sha256=" + Signatures.hex(CURRENT, BODY))).isTrue();
        assertThat(verifies(profile, BODY, "SHA256=" + Signatures.hex(CURRENT, BODY))).isTrue();
        assertThat(verifies(profile, BODY, "sha256=" + Signatures.base64(CURRENT, BODY))).isTrue();
    }

    @Test
    void acceptsEitherSecretDuringARotation() {
        assertThat(verifies(profile, BODY, Signatures.hex(CURRENT, BODY))).isTrue();
        assertThat(verifies(profile, BODY, Signatures.hex(PREVIOUS, BODY))).isTrue();
    }

    @Test
    void refusesASignatureMadeWithAnotherSecret() {
        assertThat(verifies(profile, BODY, Signatures.hex("whsec_retired", BODY))).isFalse();
        assertThat(verifies(profile, BODY, Signatures.base64("whsec_retired", BODY))).isFalse();
    }

    @Test
    void refusesARetiredSecretOnceItIsRemovedFromTheList() {
        VobizLegacyProfile afterRotation = new VobizLegacyProfile("X-Vobiz-Signature", List.of(CURRENT));
        assertThat(verifies(afterRotation, BODY, Signatures.hex(PREVIOUS, BODY))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "sha256=", "not-a-signature", "zz", "0123456789abcdef",
            "sha256=zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz",
            "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", "sha1=abcdef", "%%%%"})
    void refusesGarbageSignatures(String signature) {
        assertThat(verifies(profile, BODY, signature)).isFalse();
    }

    @Test
    void refusesTruncatedSignatures() {
        String hex = Signatures.hex(CURRENT, BODY);
        String base64 = Signatures.base64(CURRENT, BODY);
        assertThat(verifies(profile, BODY, hex.substring(0, 63))).isFalse();
        assertThat(verifies(profile, BODY, hex.substring(0, 32))).isFalse();
        assertThat(verifies(profile, BODY, base64.substring(0, 40))).isFalse();
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
        byte[] body = withByteOrderMark(json);
        assertSignedBytesVerifyAndAFlippedByteFails(body);
        assertThat(verifies(profile, json, Signatures.hex(CURRENT, body))).as("BOM is part of the signed bytes").isFalse();
    }

    @Test
    void verifiesCrlfLineEndsAsSignedAndNotTheirLfTwin() {
        byte[] crlf = "{\r\n  \"event_id\": \"evt_crlf\"\r\n}\r\n".getBytes(StandardCharsets.UTF_8);
        byte[] lf = "{\n  \"event_id\": \"evt_crlf\"\n}\n".getBytes(StandardCharsets.UTF_8);
        assertSignedBytesVerifyAndAFlippedByteFails(crlf);
        assertThat(verifies(profile, lf, Signatures.hex(CURRENT, crlf))).isFalse();
    }

    @Test
    void takesTheSignatureFromTheHttpHeaderWhateverItsCaseNotFromAQueryParameterCopiedIntoTheMessage() {
        // platform-http copies ?X-Vobiz-Signature=... into the message headers; the request has no such header.
        Exchange copied = exchange(BODY, new MockHttpServletRequest("POST", "/webhooks/vobiz"));
        copied.getIn().setHeader("X-Vobiz-Signature", Signatures.hex(CURRENT, BODY));
        intake.verify(copied);
        assertThat(copied.getException()).isInstanceOfSatisfying(WebhookRejection.class,
                rejection -> assertThat(rejection.getReason()).isEqualTo("missing_signature"));

        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/webhooks/vobiz");
        request.addHeader("x-vobiz-SIGNATURE", Signatures.base64(PREVIOUS, BODY));
        Exchange sent = exchange(BODY, request);
        intake.verify(sent);
        assertThat(sent.getException()).isNull();
    }

    @Test
    void refusesAMissingSignatureWith401() {
        ProfileTesting.refused(() -> profile.verify(ProfileTesting.headers(), BODY), 401, "missing_signature");
        ProfileTesting.refused(() -> profile.verify(ProfileTesting.headers("X-Vobiz-Signature", " "), BODY), 401, "missing_signature");
    }

    @Test
    void refusesAWrongSignatureWith401WithoutEchoingIt() {
        String wrong = Signatures.hex("whsec_wrong", BODY);
        assertThatThrownBy(() -> profile.verify(ProfileTesting.headers("X-Vobiz-Signature", wrong), BODY))
                .isInstanceOfSatisfying(WebhookRejection.class, rejection -> {
                    assertThat(rejection.getStatus()).isEqualTo(401);
                    assertThat(rejection.getReason()).isEqualTo("bad_signature");
                    assertThat(rejection.getMessage()).doesNotContain(wrong).doesNotContain(CURRENT);
                });
    }

    @Test
    void checksNothingOnlyWhenNoSecretIsConfigured() {
        VobizLegacyProfile unsigned = new VobizLegacyProfile("X-Vobiz-Signature", List.of());
        unsigned.verify(ProfileTesting.headers(), BODY);
        assertThat(verifies(unsigned, BODY, "not-a-signature")).isTrue();
    }

    @Test
    void putsTheEnvelopeFieldsOnExchangePropertiesAndKeepsTheJsonAsBody() {
        String json = "{\"event\":\"message.received\",\"event_id\":\"evt_msg_recv_123\",\"timestamp\":\"2026-03-19T10:30:45Z\","
                + "\"channel_id\":\"ch_abc123\",\"data\":{\"text\":{\"body\":\"नमस्ते 👋\"}}}";
        Exchange exchange = parse(json.getBytes(StandardCharsets.UTF_8));

        assertThat(exchange.getException()).isNull();
        assertThat(exchange.getProperty(EventKeys.EVENT_ID)).as("the router's id").isEqualTo("vobiz:evt_msg_recv_123");
        assertThat(exchange.getProperty(IntakeKeys.SOURCE_EVENT_ID)).as("the sender's id, for the answer").isEqualTo("evt_msg_recv_123");
        assertThat(exchange.getProperty(EventKeys.EVENT_TYPE)).isEqualTo("message.received");
        assertThat(exchange.getProperty(EventKeys.CHANNEL_ID)).isEqualTo("ch_abc123");
        assertThat(exchange.getProperty(EventKeys.EVENT_TIMESTAMP)).isEqualTo("2026-03-19T10:30:45Z");
        assertThat(exchange.getIn().getBody(String.class)).isEqualTo(json);
        assertThat(exchange.getProperty(IntakeKeys.NORMALISED)).as("the envelope is the view already").isNull();
    }

    @Test
    void tellsTheRoutesThatTheRequestHasOneEventAndWhetherItsTypeIsDispatched() {
        Exchange read = parse("{\"event\":\"message.read\",\"event_id\":\"evt_one\"}");
        assertThat(read.getException()).isNull();
        assertThat(read.getProperty(IntakeKeys.ONE_EVENT)).as("stored on the request's own exchange, without a split").isEqualTo(true);
        assertThat(read.getProperty(IntakeKeys.TYPE_ENABLED)).as("message.read is dispatched: PENDING").isEqualTo(true);

        Exchange sent = parse("{\"event\":\"message.sent\",\"event_id\":\"evt_two\"}");
        assertThat(sent.getException()).isNull();
        assertThat(sent.getProperty(IntakeKeys.TYPE_ENABLED)).as("message.sent is not: IGNORED").isEqualTo(false);
    }

    @Test
    void dropsALeadingByteOrderMarkFromTheStoredJson() {
        byte[] json = "{\"event\":\"message.read\",\"event_id\":\"evt_bom\"}".getBytes(StandardCharsets.UTF_8);
        byte[] body = withByteOrderMark(json);

        Exchange exchange = parse(body);

        assertThat(exchange.getException()).isNull();
        assertThat(exchange.getIn().getBody(String.class)).isEqualTo(new String(json, StandardCharsets.UTF_8));
    }

    @Test
    void keepsTheChannelIdAsSentBlankIncludedAndLeavesOutOneOfTheWrongTypeOrNotUnicodeTextInsteadOfRefusingTheEvent() {
        assertThat(channelOf("\" \"")).as("blank").isEqualTo(" ");
        assertThat(channelOf("\"\"")).as("empty").isEqualTo("");
        assertThat(channelOf("42")).as("a number").isNull();
        assertThat(channelOf("\"ch_\\ud800\"")).as("half a surrogate pair").isNull();
    }

    private String channelOf(String json) {
        Exchange exchange = parse("{\"event\":\"message.read\",\"event_id\":\"evt_2\",\"channel_id\":" + json + "}");
        assertThat(exchange.getException()).isNull();
        return exchange.getProperty(EventKeys.CHANNEL_ID, String.class);
    }

    @Test
    void refusesAnEventThirtyDaysOldAsStale() {
        Exchange exchange = parse(at(NOW.minus(Duration.ofDays(30)).toString()));
        assertRejected(exchange, "stale_event");
        assertThat(exchange.getException()).hasMessageStartingWith("timestamp is older than");
    }

    @Test
    void acceptsAnEventTwentyHoursOldThatVobizIsStillRetrying() {
        String twentyHoursAgo = NOW.minus(Duration.ofHours(20)).toString();
        Exchange exchange = parse(at(twentyHoursAgo));
        assertThat(exchange.getException()).isNull();
        assertThat(exchange.getProperty(EventKeys.EVENT_TIMESTAMP)).isEqualTo(twentyHoursAgo);
    }

    @Test
    void judgesTheAgeOfATimeWithAnOffsetByTheInstantItNames() {
        assertThat(parse(at("2026-03-16T12:30:00-00:30")).getException()).isNull();
        assertRejected(parse(at("2026-03-16T12:30:00+01:00")), "stale_event");
    }

    @Test
    void acceptsAnEventWithoutATimeBecauseItsIdStillGuardsItForTheDedupRetention() {
        Exchange exchange = parse("{\"event\":\"message.read\",\"event_id\":\"evt_no_time\"}");
        assertThat(exchange.getException()).isNull();
        assertThat(exchange.getProperty(EventKeys.EVENT_TIMESTAMP)).isNull();
        assertThat(parse("{\"event\":\"message.read\",\"event_id\":\"evt_null_time\",\"timestamp\":null}").getException()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"yesterday\"", "\"2026-03-19\"", "\"2026-03-19T10:30:45\"", "\"2026-13-19T10:30:45Z\"", "\"\"",
            "1773916245", "{}", "[\"2026-03-19T10:30:45Z\"]", "true"})
    void refusesATimeThatIsNotRfc3339With400NamingTheField(String timestamp) {
        Exchange exchange = parse("{\"event\":\"message.read\",\"event_id\":\"evt_t\",\"timestamp\":" + timestamp + "}");
        assertRejected(exchange, "invalid_envelope");
        assertThat(exchange.getException()).hasMessageStartingWith("timestamp must be an RFC 3339 time");
    }

    private static String at(String timestamp) {
        return "{\"event\":\"message.read\",\"event_id\":\"evt_at\",\"timestamp\":\"" + timestamp + "\"}";
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "not json", "[]", "\"text\"", "42", "null", "{", "{\"event\":\"message.read\",\"event_id\":\"e\"} trailing",
            "{\"event\":\"message.read\",\"event_id\":\"e\"}{}", "{\"event\":\"message.read\",\"event_id\":\"a\",\"event_id\":\"b\"}"})
    void refusesBodiesThatAreNotOneJsonObjectWith400(String body) {
        assertRejected(parse(body), "invalid_json");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"event\":\"message.read\"}", "{\"event_id\":\"evt_1\"}", "{\"event\":\"message.read\",\"event_id\":null}",
            "{\"event\":\"message.read\",\"event_id\":123}", "{\"event\":\"message.read\",\"event_id\":\"\"}",
            "{\"event\":\"message.read\",\"event_id\":\"  \"}", "{\"event\":[\"message.read\"],\"event_id\":\"evt_1\"}",
            "{\"event\":true,\"event_id\":\"evt_1\"}", "{\"event\":\"message.read\",\"event_id\":{\"id\":\"evt_1\"}}",
            "{\"event\":\"message.read\",\"event_id\":\"evt\\u0000\"}"})
    void refusesAMissingOrNonStringEventIdOrEventWith400(String body) {
        assertRejected(parse(body), "invalid_envelope");
    }

    @Test
    void acceptsEventIdsUpTo255CharactersAndStoresThoseTooLongForTheKeyColumnHashed() {
        assertRejected(parse("{\"event\":\"message.read\",\"event_id\":\"" + "e".repeat(256) + "\"}"), "invalid_envelope");
        for (int length : new int[] {100, 101, 255}) {
            Exchange longest = parse("{\"event\":\"message.read\",\"event_id\":\"" + "e".repeat(length) + "\"}");
            assertThat(longest.getException()).isNull();
            assertThat(longest.getProperty(EventKeys.EVENT_ID, String.class)).as("vobiz:<id> is too long for the column: hashed")
                    .isEqualTo(EventIds.stored("vobiz", "e".repeat(length))).startsWith("vobiz:sha256:").hasSize(77);
            assertThat(longest.getProperty(IntakeKeys.SOURCE_EVENT_ID)).as("answered as sent").isEqualTo("e".repeat(length));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"event\":\"message.read\",\"event_id\":\"evt_\\ud800\"}",
            "{\"event\":\"message.read\",\"event_id\":\"evt_\\udfff_x\"}",
            "{\"event\":\"message.read\",\"event_id\":\"evt_\\udc00\\ud800\"}"})
    void refusesHalfASurrogatePairInTheEventIdBecauseNoColumnCouldStoreIt(String body) {
        assertRejected(parse(body), "invalid_envelope");
    }

    @ParameterizedTest
    @ValueSource(strings = {"message.read\\ud83d", "x{{router.admin.token}}?bogus=1", "x${exchangeProperty.eventId}",
            "message read", "message/read", "message.read?x=1", "message.read&block=true", "message.réad", "message.read\\n",
            "message.read#1", "'message.read'"})
    void refusesAnEventTypeOutsideTheTypeCharactersWith400NamingTheField(String type) {
        Exchange exchange = parse("{\"event\":\"" + type + "\",\"event_id\":\"evt_1\"}");
        assertRejected(exchange, "invalid_event_type");
        assertThat(exchange.getException().getMessage()).startsWith("event must be").doesNotContain(type);
    }

    @Test
    void acceptsAnEventTypeOfAHundredCharactersAndRefusesOneOfAHundredAndOne() {
        String hundred = "message." + "x".repeat(92);
        assertThat(parse("{\"event\":\"" + hundred + "\",\"event_id\":\"evt_1\"}").getProperty(EventKeys.EVENT_TYPE)).isEqualTo(hundred);
        assertRejected(parse("{\"event\":\"" + hundred + "x\",\"event_id\":\"evt_1\"}"), "invalid_event_type");
        assertThat(parse("{\"event\":\"A-z_0.9:call-x\",\"event_id\":\"evt_1\"}").getException()).isNull();
    }

    @Test
    void keepsAnEventIdWithAWholeSurrogatePairThatIsAnEmoji() {
        Exchange exchange = parse("{\"event\":\"message.read\",\"event_id\":\"evt_\\ud83d\\ude00\"}");
        assertThat(exchange.getException()).isNull();
        assertThat(exchange.getProperty(EventKeys.EVENT_ID)).isEqualTo("vobiz:evt_\ud83d\ude00");
    }


    @Test
    void refusesInvalidUtf8With400() {
        byte[] body = {'{', '"', 'e', 'v', 'e', 'n', 't', '_', 'i', 'd', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', ',',
            '"', 'e', 'v', 'e', 'n', 't', '"', ':', '"', 'x', '"', '}'};
        assertRejected(parse(body), "invalid_json");
    }

    private static boolean verifies(VobizLegacyProfile profile, byte[] body, String signature) {
        try {
            profile.verify(ProfileTesting.headers("X-Vobiz-Signature", signature), body);
            return true;
        } catch (WebhookRejection refused) {
            assertThat(refused.getStatus()).isEqualTo(401);
            return false;
        }
    }

    private void assertSignedBytesVerifyAndAFlippedByteFails(byte[] body) {
        assertThat(verifies(profile, body, Signatures.hex(CURRENT, body))).isTrue();
        assertThat(verifies(profile, body, Signatures.base64(PREVIOUS, body))).isTrue();
        for (int i = 0; i < body.length; i++) {
            byte[] flipped = body.clone();
            flipped[i] ^= 0x01;
            assertThat(verifies(profile, flipped, Signatures.hex(CURRENT, body))).as("byte %d flipped", i).isFalse();
        }
    }

    private static byte[] withByteOrderMark(byte[] json) {
        byte[] body = new byte[json.length + 3];
        body[0] = (byte) 0xEF;
        body[1] = (byte) 0xBB;
        body[2] = (byte) 0xBF;
        System.arraycopy(json, 0, body, 3, json.length);
        return body;
    }

    private static SourceIntake intake(VobizLegacyProfile profile) {
        WebhookSource vobiz = new WebhookSource("vobiz", "vobiz-webhook", "/webhooks/vobiz", profile, EventTypes.of(List.of("message.read")),
                new RequestGuard(new ClientAddressResolver(List.of()), List.of()), new EventAge(Duration.ofDays(3), new SettableClock(NOW)));
        return new SourceIntake(List.of(vobiz), null);
    }

    private static Exchange exchange(byte[] body, MockHttpServletRequest request) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.setProperty(EventKeys.SOURCE, "vobiz");
        exchange.getIn().setBody(body);
        if (request != null) {
            exchange.getIn().setHeader(Exchange.HTTP_SERVLET_REQUEST, request);
        }
        return exchange;
    }

    private Exchange parse(String body) {
        return parse(body.getBytes(StandardCharsets.UTF_8));
    }

    /** The envelope step of the route, then the properties its one event is stored with. */
    private Exchange parse(byte[] body) {
        Exchange exchange = exchange(body, null);
        intake.parse(exchange);
        if (exchange.getException() == null) {
            intake.open(exchange);
        }
        return exchange;
    }

    private static void assertRejected(Exchange exchange, String reason) {
        assertThat(exchange.getException()).isInstanceOfSatisfying(WebhookRejection.class, rejection -> {
            assertThat(rejection.getStatus()).isEqualTo(400);
            assertThat(rejection.getReason()).isEqualTo(reason);
        });
    }
}
