package com.vobizrouter.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import com.vobizrouter.inbox.EventIds;
import com.vobizrouter.inbox.EventKeys;
import com.vobizrouter.testsupport.SettableClock;

/** Pins what counts as a valid Vobiz envelope and what the routes get from it. */
class EnvelopeParserTest {

    /** The parser's clock: the samples' day, so their times are fresh. */
    private static final Instant NOW = Instant.parse("2026-03-19T12:00:00Z");

    private final EnvelopeParser parser = new EnvelopeParser(new EventAge(Duration.ofDays(3), new SettableClock(NOW)));

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
    }

    @Test
    void dropsALeadingByteOrderMarkFromTheStoredJson() {
        byte[] json = "{\"event\":\"message.read\",\"event_id\":\"evt_bom\"}".getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[json.length + 3];
        body[0] = (byte) 0xEF;
        body[1] = (byte) 0xBB;
        body[2] = (byte) 0xBF;
        System.arraycopy(json, 0, body, 3, json.length);

        Exchange exchange = parse(body);

        assertThat(exchange.getException()).isNull();
        assertThat(exchange.getIn().getBody(String.class)).isEqualTo(new String(json, StandardCharsets.UTF_8));
    }

    @Test
    void leavesOutOptionalFieldsOfTheWrongTypeInsteadOfRefusingTheEvent() {
        Exchange exchange = parse("{\"event\":\"message.read\",\"event_id\":\"evt_2\",\"channel_id\":42}");
        assertThat(exchange.getException()).isNull();
        assertThat(exchange.getProperty(EventKeys.CHANNEL_ID)).isNull();
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
    void refusesAnEventIdLongerThanTheKeyColumn() {
        assertRejected(parse("{\"event\":\"message.read\",\"event_id\":\"" + "e".repeat(101) + "\"}"), "invalid_envelope");
        Exchange longest = parse("{\"event\":\"message.read\",\"event_id\":\"" + "e".repeat(100) + "\"}");
        assertThat(longest.getException()).isNull();
        assertThat(longest.getProperty(EventKeys.EVENT_ID, String.class)).as("vobiz:<id> is too long for the column: hashed")
                .isEqualTo(EventIds.stored("vobiz", "e".repeat(100))).startsWith("vobiz:sha256:").hasSize(77);
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
    void leavesOutAnOptionalFieldWithHalfASurrogatePair() {
        Exchange exchange = parse("{\"event\":\"message.read\",\"event_id\":\"evt_3\",\"channel_id\":\"ch_\\ud800\"}");
        assertThat(exchange.getException()).isNull();
        assertThat(exchange.getProperty(EventKeys.CHANNEL_ID)).isNull();
    }

    @Test
    void refusesInvalidUtf8With400() {
        byte[] body = {'{', '"', 'e', 'v', 'e', 'n', 't', '_', 'i', 'd', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', ',',
            '"', 'e', 'v', 'e', 'n', 't', '"', ':', '"', 'x', '"', '}'};
        assertRejected(parse(body), "invalid_json");
    }

    private Exchange parse(String body) {
        return parse(body.getBytes(StandardCharsets.UTF_8));
    }

    private Exchange parse(byte[] body) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getIn().setBody(body);
        parser.process(exchange);
        return exchange;
    }

    private static void assertRejected(Exchange exchange, String reason) {
        assertThat(exchange.getException()).isInstanceOfSatisfying(WebhookRejection.class, rejection -> {
            assertThat(rejection.getStatus()).isEqualTo(400);
            assertThat(rejection.getReason()).isEqualTo(reason);
        });
    }
}
