package com.vobizrouter.intake.source;

import static com.vobizrouter.intake.source.ProfileTesting.headers;
import static com.vobizrouter.intake.source.ProfileTesting.refused;
import static com.vobizrouter.intake.source.ProfileTesting.sample;
import static com.vobizrouter.intake.source.ProfileTesting.view;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import com.vobizrouter.testsupport.Signatures;
import org.junit.jupiter.api.Test;

/**
 * Standard Webhooks (standardwebhooks.com): the specification's own test vector, several
 * signatures of which one matches, the 5-minute tolerance, and signatures that must never match.
 */
class StandardWebhooksProfileTest {

    // The specification's test vector.
    static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    static final String TIMESTAMP = "1614265330";
    static final byte[] BODY = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);
    static final String SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    private final StandardWebhooksProfile profile = at(Instant.ofEpochSecond(1614265330));

    private static StandardWebhooksProfile at(Instant now) {
        return new StandardWebhooksProfile(List.of(SECRET), Duration.ofMinutes(5), Clock.fixed(now, ZoneOffset.UTC));
    }

    private static RequestHeaders signed(String signature) {
        return headers("webhook-id", ID, "webhook-timestamp", TIMESTAMP, "webhook-signature", signature);
    }

    @Test
    void acceptsTheSpecificationsTestVector() {
        profile.verify(signed(SIGNATURE), BODY);
    }

    @Test
    void acceptsWhenAnyOfSeveralSignaturesMatchesWhateverTheirOrderOrVersion() {
        String other = "v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=";
        profile.verify(signed(other + " " + SIGNATURE), BODY);
        profile.verify(signed("v1a,aGVsbG8= " + SIGNATURE + " " + other), BODY);
    }

    @Test
    void acceptsEitherSecretDuringARotation() {
        StandardWebhooksProfile rotating = new StandardWebhooksProfile(List.of("whsec_" + "c2VjcmV0LW9mLXRoZS1uZXctZW5kcG9pbnQ=", SECRET),
                Duration.ofMinutes(5), Clock.fixed(Instant.ofEpochSecond(1614265330), ZoneOffset.UTC));
        rotating.verify(signed(SIGNATURE), BODY);
    }

    @Test
    void neverMatchesAnEmptyTruncatedOrOtherVersionSignature() {
        for (String signature : List.of("v1,", "v1", "v1, ", "v2,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", "g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
                "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1O", "v1,g0hM9SsE+OTPJTGt", "v1,!!!!")) {
            refused(() -> profile.verify(signed(signature), BODY), 401, "bad_signature");
        }
    }

    @Test
    void refusesOtherBytesAnotherIdOrAnotherTimestamp() {
        refused(() -> profile.verify(signed(SIGNATURE), "{\"test\": 2432232315}".getBytes(StandardCharsets.UTF_8)), 401, "bad_signature");
        refused(() -> profile.verify(headers("webhook-id", "msg_other", "webhook-timestamp", TIMESTAMP, "webhook-signature", SIGNATURE),
                BODY), 401, "bad_signature");
        refused(() -> profile.verify(headers("webhook-id", ID, "webhook-timestamp", "1614265331", "webhook-signature", SIGNATURE), BODY),
                401, "bad_signature");
    }

    @Test
    void refusesATimestampMoreThanFiveMinutesOffEitherWayButNotAtFive() {
        Instant sent = Instant.ofEpochSecond(1614265330);
        at(sent.plus(Duration.ofMinutes(5))).verify(signed(SIGNATURE), BODY);
        at(sent.minus(Duration.ofMinutes(5))).verify(signed(SIGNATURE), BODY);
        refused(() -> at(sent.plus(Duration.ofMinutes(5)).plusSeconds(1)).verify(signed(SIGNATURE), BODY), 401, "stale_timestamp");
        refused(() -> at(sent.minus(Duration.ofMinutes(5)).minusSeconds(1)).verify(signed(SIGNATURE), BODY), 401, "stale_timestamp");
        refused(() -> profile.verify(headers("webhook-id", ID, "webhook-timestamp", "soon", "webhook-signature", SIGNATURE), BODY), 401,
                "bad_signature");
    }

    @Test
    void refusesARequestMissingAnyOfTheThreeHeaders() {
        refused(() -> profile.verify(headers("webhook-timestamp", TIMESTAMP, "webhook-signature", SIGNATURE), BODY), 401, "missing_signature");
        refused(() -> profile.verify(headers("webhook-id", ID, "webhook-signature", SIGNATURE), BODY), 401, "missing_signature");
        refused(() -> profile.verify(headers("webhook-id", ID, "webhook-timestamp", TIMESTAMP), BODY), 401, "missing_signature");
    }

    @Test
    void signsLikeTheTestSupportSoTheEndToEndTestsSignCorrectly() {
        assertThat(Signatures.standardWebhooks(SECRET, ID, Long.parseLong(TIMESTAMP), BODY)).isEqualTo(SIGNATURE);
    }

    @Test
    void readsTheTypeAndDataWithTheWebhookIdAsTheEventsId() {
        byte[] body = sample("standard-webhooks", "contact.updated.json");

        SourceEvent event = profile.parse(headers("webhook-id", "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W", "webhook-timestamp", TIMESTAMP), body)
                .get(0);

        assertThat(event.id()).isEqualTo("msg_2KWPBgLlAfxdpx2AI54pPJ85f4W");
        assertThat(event.type()).isEqualTo("contact.updated");
        assertThat(event.routerType()).isEqualTo("contact.updated");
        assertThat(event.timestamp()).isEqualTo("2026-03-25T10:05:00Z");
        assertThat(view(event).at("/data/contact/id").asText()).isEqualTo("cus_4471");
        assertThat(view(event).at("/data/contact/email").asText()).isEqualTo("maria.garcia@example.com");
    }

    @Test
    void refusesABodyWithoutAType() {
        refused(() -> profile.parse(signed(SIGNATURE), BODY), 400, "invalid_envelope");
    }
}
