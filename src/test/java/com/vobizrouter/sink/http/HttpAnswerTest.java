package com.vobizrouter.sink.http;

import com.vobizrouter.testsupport.StubBudgets;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.vobizrouter.testsupport.SettableClock;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

import com.vobizrouter.dispatch.Failure;
import com.vobizrouter.dispatch.FailureClassifier;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What {@link HttpDestinations#answer} makes of each kind of HTTP answer. */
class HttpAnswerTest {

    private final CamelContext camel = new DefaultCamelContext();
    private final SettableClock clock = new SettableClock(Instant.parse("2026-12-07T10:00:00Z"));
    private final HttpDestinations destinations = new HttpDestinations(List.of(), new StubBudgets(),
            new com.vobizrouter.dispatch.Mappings(java.util.Map.of(), new com.fasterxml.jackson.databind.ObjectMapper()), new com.fasterxml.jackson.databind.ObjectMapper(), clock);
    private final FailureClassifier classifier = new FailureClassifier(List.of(new HttpFailureRules()));

    @AfterEach
    void close() throws Exception {
        camel.close();
    }

    @ParameterizedTest
    @ValueSource(ints = {200, 201, 202, 204, 299})
    void aTwoHundredAnswerIsDeliveredAndLeavesNoneOfItsHeaders(int status) {
        Exchange exchange = answered(status, "OK", "{\"ok\":true}");
        exchange.getMessage().setHeader("Set-Cookie", "a=b");

        assertThatCode(() -> destinations.answer(exchange)).doesNotThrowAnyException();
        assertThat(exchange.getMessage().getHeaders()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(ints = {408, 425, 500, 502, 503, 504, 599})
    void timeoutsTooEarlyAndServerErrorsAreTransient(int status) {
        Failure failure = failure(answered(status, "Whatever", "try later"));

        assertThat(failure.kind()).isEqualTo(Failure.Kind.TRANSIENT);
        assertThat(failure.reason()).isEqualTo("chatbot answered " + status + " Whatever");
        assertThat(failure.sinkResponse()).isEqualTo("try later");
        assertThat(failure.retryAfter()).isNull();
    }

    @Test
    void aServiceUnavailableWithRetryAfterInSecondsAsksForThatDelay() {
        Exchange exchange = answered(503, "Service Unavailable", null);
        exchange.getMessage().setHeader("Retry-After", "120");

        Failure failure = failure(exchange);

        assertThat(failure.kind()).isEqualTo(Failure.Kind.TRANSIENT);
        assertThat(failure.retryAfter()).isEqualTo(Duration.ofSeconds(120));
    }

    @Test
    void aRetryAfterAsAnHttpDateAsksForTheTimeUntilThen() {
        Exchange exchange = answered(503, "Service Unavailable", null);
        exchange.getMessage().setHeader("Retry-After",
                DateTimeFormatter.RFC_1123_DATE_TIME.format(clock.instant().plusSeconds(90).atOffset(ZoneOffset.UTC)));

        assertThat(failure(exchange).retryAfter()).isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void aRetryAfterThatCannotBeReadOrIsPastOrHugeIsNoneNowOrADay() {
        Instant now = clock.instant();
        assertThat(RetryAfter.parse("soon", now)).isNull();
        assertThat(RetryAfter.parse("-5", now)).isNull();
        assertThat(RetryAfter.parse("Sun, 06 Nov 1994 08:49:37 GMT", now)).isEqualTo(Duration.ZERO);
        assertThat(RetryAfter.parse("99999999999999999999", now)).isNull();
        assertThat(RetryAfter.parse("9999999999", now)).isEqualTo(Duration.ofDays(1));
        assertThat(RetryAfter.parse(" 7 ", now)).isEqualTo(Duration.ofSeconds(7));
    }

    @Test
    void tooManyRequestsIsARateLimitWithItsRetryAfter() {
        Exchange exchange = answered(429, "Too Many Requests", "slow down");
        exchange.getMessage().setHeader("Retry-After", "30");

        Failure failure = failure(exchange);

        assertThat(failure.kind()).isEqualTo(Failure.Kind.RATE_LIMITED);
        assertThat(failure.retryAfter()).isEqualTo(Duration.ofSeconds(30));
        assertThat(failure.reason()).isEqualTo("chatbot answered 429 Too Many Requests");
    }

    @ParameterizedTest
    @ValueSource(ints = {301, 302, 303, 307, 308, 400, 401, 403, 404, 409, 410, 422})
    void redirectsAndOtherClientErrorsArePermanentKeepingTheStatus(int status) {
        Exchange exchange = answered(status, "Nope", "{\"error\":\"no such hook\"}");
        exchange.getMessage().setHeader("Retry-After", "10");

        Failure failure = failure(exchange);

        assertThat(failure.kind()).isEqualTo(Failure.Kind.PERMANENT);
        assertThat(failure.reason()).isEqualTo("chatbot answered " + status + " Nope");
        assertThat(failure.sinkResponse()).isEqualTo("{\"error\":\"no such hook\"}");
        assertThat(new HttpFailureRules().httpStatus(catchThrowableOfType(HttpDestinationException.class,
                () -> destinations.answer(answered(status, "Nope", null))))).isEqualTo(status);
    }

    @Test
    void aNotFoundNamesTheDestinationAndTheStatus() {
        assertThat(failure(answered(404, "Not Found", "gone")).reason()).isEqualTo("chatbot answered 404 Not Found");
        assertThat(failure(answered(404, null, "gone")).reason()).isEqualTo("chatbot answered 404");
    }

    @Test
    void aClientErrorBodyLongerThanFourKilobytesIsCutToFourKilobytes() {
        String body = "e".repeat(4096) + "this part is not kept";

        Failure failure = failure(answered(400, "Bad Request", body));

        assertThat(failure.sinkResponse()).hasSize(4096).isEqualTo("e".repeat(4096));
    }

    @Test
    void aOneMegabyteAnswerIsReadNoFurtherThanTheFourKilobytesKept() {
        CountingStream megabyte = new CountingStream(1 << 20);
        Exchange exchange = answered(400, "Bad Request", null);
        exchange.getMessage().setBody(megabyte);

        Failure failure = failure(exchange);

        assertThat(failure.sinkResponse()).hasSize(4096);
        assertThat(megabyte.read).isLessThanOrEqualTo(4096);
    }

    private Exchange answered(int status, String text, String body) {
        Exchange exchange = new DefaultExchange(camel);
        exchange.setProperty(HttpDestinations.DESTINATION, "chatbot");
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        if (text != null) {
            exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_TEXT, text);
        }
        exchange.getMessage().setBody(body);
        return exchange;
    }

    private Failure failure(Exchange exchange) {
        HttpDestinationException thrown = catchThrowableOfType(HttpDestinationException.class, () -> destinations.answer(exchange));
        assertThat(thrown).as("a failure").isNotNull();
        assertThat(exchange.getMessage().getHeaders()).as("the answer's headers are not kept").isEmpty();
        return classifier.classify(new RuntimeException("wrapped", thrown));
    }

    /** An answer of {@code size} bytes of 'x' that counts what was read of it. */
    private static final class CountingStream extends InputStream {

        private final long size;
        long read;

        CountingStream(long size) {
            this.size = size;
        }

        @Override
        public int read() {
            if (read >= size) {
                return -1;
            }
            read++;
            return 'x';
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (read >= size) {
                return -1;
            }
            int n = (int) Math.min(len, size - read);
            java.util.Arrays.fill(b, off, off + n, (byte) 'x');
            read += n;
            return n;
        }
    }
}
