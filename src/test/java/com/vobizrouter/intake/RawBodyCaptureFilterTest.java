package com.vobizrouter.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.http.HttpServletRequest;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/**
 * Pins how the body capture bounds what it reads, in bytes and in time, and what it hands on:
 * never a body anyone else could read without limit, and nothing at all when the container has
 * already answered a broken read.
 */
class RawBodyCaptureFilterTest {

    private final List<String> refused = new ArrayList<>();
    private final RawBodyCaptureFilter.Refusals recorder =
            (request, status, reason, detail, bodyStart) -> refused.add(status + " " + reason + " " + new String(bodyStart, StandardCharsets.UTF_8));
    private final Predicate<HttpServletRequest> everyAddress = request -> true;

    @Test
    void neverReadsTheBodyOfARequestFromAnAddressThatMayNotSendAndLeavesTheAnswerToTheRoute() throws Exception {
        MockHttpServletRequest request = post(failingAfter("", new IOException("the body was read")));
        MockFilterChain chain = new MockFilterChain();

        new RawBodyCaptureFilter(1024, Duration.ofSeconds(10), recorder, outside -> false)
                .doFilter(request, new MockHttpServletResponse(), chain);

        assertThat(chain.getRequest()).as("route run, to answer 403").isNotNull();
        assertThat(chain.getRequest().getInputStream().read()).isEqualTo(-1);
        assertThat(request.getAttribute(RawBodyCaptureFilter.BODY)).isNull();
        assertThat(refused).isEmpty();
    }

    @Test
    void capturesAPostBodyAndHandsOnAnEmptyOne() throws Exception {
        MockHttpServletRequest request = post("{\"event_id\":\"e\"}".getBytes(StandardCharsets.UTF_8));
        MockFilterChain chain = new MockFilterChain();

        new RawBodyCaptureFilter(1024, Duration.ofSeconds(10), recorder, everyAddress).doFilter(request, new MockHttpServletResponse(), chain);

        assertThat((byte[]) request.getAttribute(RawBodyCaptureFilter.BODY)).asString(StandardCharsets.UTF_8).isEqualTo("{\"event_id\":\"e\"}");
        assertThat(chain.getRequest().getInputStream().read()).isEqualTo(-1);
    }

    @Test
    void aBodyThatHasArrivedWholeIsReadOnTheRequestsOwnThreadWithoutAnAsynchronousDispatch() throws Exception {
        MockHttpServletRequest request = post("{\"event_id\":\"here\"}".getBytes(StandardCharsets.UTF_8));
        request.setAsyncSupported(true);
        MockFilterChain chain = new MockFilterChain();

        new RawBodyCaptureFilter(1024, Duration.ofSeconds(10), recorder, everyAddress).doFilter(request, new MockHttpServletResponse(), chain);

        assertThat(request.isAsyncStarted()).as("no asynchronous read").isFalse();
        assertThat(chain.getRequest()).as("the route runs on this thread").isNotNull();
        assertThat((byte[]) request.getAttribute(RawBodyCaptureFilter.BODY)).asString(StandardCharsets.UTF_8)
                .isEqualTo("{\"event_id\":\"here\"}");
    }

    @Test
    void neverReadsNorHandsOnTheBodyOfAnotherMethodSoNothingDownstreamReadsItWithoutLimit() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("PUT", "/webhooks/vobiz");
        request.setContent(new byte[64 * 1024]);
        MockFilterChain chain = new MockFilterChain();

        new RawBodyCaptureFilter(1024, Duration.ofSeconds(10), recorder, everyAddress).doFilter(request, new MockHttpServletResponse(), chain);

        ServletRequest passedOn = chain.getRequest();
        assertThat(passedOn.getInputStream().read()).as("body seen downstream").isEqualTo(-1);
        assertThat(passedOn.getContentLengthLong()).isZero();
        assertThat(request.getAttribute(RawBodyCaptureFilter.BODY)).isNull();
    }

    @Test
    void aReadTheContainerTimedOutIsNotPassedToTheRouteButReportedAs408WithWhatArrived() throws Exception {
        MockHttpServletRequest request = post(failingAfter("{\"event\":", new SocketTimeoutException("read timed out")));
        MockFilterChain chain = new MockFilterChain();

        new RawBodyCaptureFilter(1024, Duration.ofSeconds(10), recorder, everyAddress).doFilter(request, new MockHttpServletResponse(), chain);

        assertThat(chain.getRequest()).as("route not run").isNull();
        assertThat(refused).containsExactly("408 body_timeout {\"event\":");
    }

    @Test
    void aBrokenReadIsNotPassedToTheRouteButReportedAs400() throws Exception {
        MockHttpServletRequest request = post(failingAfter("{", new IOException("invalid chunk header")));
        MockFilterChain chain = new MockFilterChain();

        new RawBodyCaptureFilter(1024, Duration.ofSeconds(10), recorder, everyAddress).doFilter(request, new MockHttpServletResponse(), chain);

        assertThat(chain.getRequest()).isNull();
        assertThat(refused).containsExactly("400 unreadable_body {");
    }

    @Test
    void aBodyThatKeepsComingAfterTheReadTimeoutIsMarkedTooSlowAndNotKept() throws Exception {
        // Endless, one byte per read: only the time limit can end this read.
        MockHttpServletRequest request = post(new byte[0]);
        HttpServletRequest dribbling = new jakarta.servlet.http.HttpServletRequestWrapper(request) {
            @Override
            public ServletInputStream getInputStream() {
                return stream(new InputStream() {
                    @Override
                    public int read() {
                        return 'x';
                    }

                    @Override
                    public int read(byte[] buffer, int offset, int length) {
                        buffer[offset] = 'x';
                        return 1;
                    }
                });
            }
        };
        MockFilterChain chain = new MockFilterChain();

        new RawBodyCaptureFilter(Long.MAX_VALUE / 2, Duration.ofMillis(50), recorder, everyAddress).doFilter(dribbling, new MockHttpServletResponse(), chain);

        assertThat(request.getAttribute(RawBodyCaptureFilter.TOO_SLOW)).isEqualTo(Boolean.TRUE);
        assertThat(request.getAttribute(RawBodyCaptureFilter.BODY)).isNull();
        assertThat(chain.getRequest()).as("the route answers 408").isNotNull();
    }

    @Test
    void aStreamedBodyOverTheLimitIsMarkedTooLargeAfterReadingOneByteMore() throws Exception {
        java.io.ByteArrayInputStream body = new java.io.ByteArrayInputStream(new byte[2048]);
        MockHttpServletRequest request = post(body);
        MockFilterChain chain = new MockFilterChain();

        new RawBodyCaptureFilter(1024, Duration.ofSeconds(10), recorder, everyAddress).doFilter(request, new MockHttpServletResponse(), chain);

        assertThat(request.getAttribute(RawBodyCaptureFilter.TOO_LARGE)).isEqualTo(Boolean.TRUE);
        assertThat(body.available()).as("bytes left unread").isEqualTo(2048 - 1025);
    }

    @Test
    void aBodyLongerThanItsDeclaredLengthIsCapturedWhole() throws Exception {
        MockHttpServletRequest request = declaring(5, "{\"event_id\":\"longer than declared\"}");
        MockFilterChain chain = new MockFilterChain();

        new RawBodyCaptureFilter(1024, Duration.ofSeconds(10), recorder, everyAddress).doFilter(request, new MockHttpServletResponse(), chain);

        assertThat((byte[]) request.getAttribute(RawBodyCaptureFilter.BODY)).asString(StandardCharsets.UTF_8)
                .isEqualTo("{\"event_id\":\"longer than declared\"}");
    }

    @Test
    void aBodyShorterThanItsDeclaredLengthIsCapturedAsItArrived() throws Exception {
        MockHttpServletRequest request = declaring(100, "{\"event_id\":\"e\"}");
        MockFilterChain chain = new MockFilterChain();

        new RawBodyCaptureFilter(1024, Duration.ofSeconds(10), recorder, everyAddress).doFilter(request, new MockHttpServletResponse(), chain);

        assertThat((byte[]) request.getAttribute(RawBodyCaptureFilter.BODY)).asString(StandardCharsets.UTF_8).isEqualTo("{\"event_id\":\"e\"}");
    }

    @Test
    void aLargeDeclaredBodyWithinTheLimitIsCapturedWholeAndOneByteOverIsTooLarge() throws Exception {
        String large = "x".repeat(300_000);
        MockHttpServletRequest request = declaring(large.length(), large);
        MockHttpServletRequest over = declaring(large.length(), large + "y");

        new RawBodyCaptureFilter(300_000, Duration.ofSeconds(10), recorder, everyAddress).doFilter(request, new MockHttpServletResponse(), new MockFilterChain());
        new RawBodyCaptureFilter(300_000, Duration.ofSeconds(10), recorder, everyAddress).doFilter(over, new MockHttpServletResponse(), new MockFilterChain());

        assertThat((byte[]) request.getAttribute(RawBodyCaptureFilter.BODY)).hasSize(300_000);
        assertThat(over.getAttribute(RawBodyCaptureFilter.TOO_LARGE)).isEqualTo(Boolean.TRUE);
        assertThat(over.getAttribute(RawBodyCaptureFilter.BODY)).isNull();
    }

    /** A POST whose Content-Length says {@code declared} whatever the body it then sends. */
    private static MockHttpServletRequest declaring(long declared, String body) {
        java.io.ByteArrayInputStream bytes = new java.io.ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8));
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/webhooks/vobiz") {
            @Override
            public ServletInputStream getInputStream() {
                return stream(bytes);
            }

            @Override
            public long getContentLengthLong() {
                return declared;
            }
        };
        request.setContentType("application/json");
        return request;
    }

    private static MockHttpServletRequest post(byte[] body) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/webhooks/vobiz");
        request.setContentType("application/json");
        request.setContent(body);
        return request;
    }

    private static MockHttpServletRequest post(InputStream body) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/webhooks/vobiz") {
            @Override
            public ServletInputStream getInputStream() {
                return stream(body);
            }
        };
        request.setContentType("application/json");
        return request;
    }

    /** A stream that gives {@code first} and then fails the way a container read fails. */
    private static InputStream failingAfter(String first, IOException failure) {
        byte[] bytes = first.getBytes(StandardCharsets.UTF_8);
        return new InputStream() {
            private int position;

            @Override
            public int read() throws IOException {
                if (position < bytes.length) {
                    return bytes[position++];
                }
                throw failure;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                if (position < bytes.length) {
                    int n = Math.min(length, bytes.length - position);
                    System.arraycopy(bytes, position, buffer, offset, n);
                    position += n;
                    return n;
                }
                // Tomcat wraps the failure of a body read in its ClientAbortException.
                throw new IOException("client abort", failure);
            }
        };
    }

    private static ServletInputStream stream(InputStream in) {
        return new ServletInputStream() {
            @Override
            public int read() throws IOException {
                return in.read();
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                return in.read(buffer, offset, length);
            }

            @Override
            public boolean isFinished() {
                return false;
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setReadListener(ReadListener listener) {
                throw new UnsupportedOperationException();
            }
        };
    }
}
