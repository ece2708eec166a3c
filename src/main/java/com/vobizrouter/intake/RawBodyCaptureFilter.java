package com.vobizrouter.intake;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Keeps the exact bytes of a webhook body before anything decodes them.
 *
 * <p>platform-http on Spring Boot reads request bodies through a character {@code Reader}, which
 * would turn invalid UTF-8 into replacement characters and break HMAC verification. This filter
 * reads the body as bytes, at most {@code maxBodyBytes + 1} of them so an oversized or endless
 * body never fills memory, and stores the result as request attributes for the intake route.
 *
 * <p>A request from an address outside the source's {@code allowed-cidrs} is passed on without its
 * body being read (the route answers 403): an address that may not send costs no read and no wait.
 *
 * <p>The body is read without blocking (Servlet non-blocking IO): the request is put in
 * asynchronous mode, the container calls back as bytes arrive, and once the body is complete the
 * request is dispatched again to the route. A slow or stalled sender therefore holds a connection,
 * never a request thread, so however many of them there are, a webhook that arrives whole still
 * finds a thread at once (measured: bench/README.md, "Slow senders"). A container without
 * asynchronous support (unit tests) gets the same capture read blocking.
 *
 * <p>Reading is bounded in time as well as size: the whole body must arrive within
 * {@code bodyReadTimeout} (the asynchronous timeout, and a check on each read), or the request is
 * marked {@link #TOO_SLOW} and answered 408 by the route. A sender that stops sending altogether
 * may be cut off first by the container's read timeout ({@code server.tomcat.connection-timeout}).
 * When the container's read fails (timeout, broken chunked coding, client gone) the route is not
 * run: this filter answers 408 or 400 itself when the connection still allows it, and reports the
 * refusal to {@link Refusals}.
 *
 * <p>OPTIONS is answered here (405, like every method but POST), because the servlet layer would
 * otherwise add its own {@code Allow} list to the route's answer.
 *
 * <p>The request passed on has an empty body, whatever its method: the captured bytes are the
 * only copy the route uses, and Camel's binding then has nothing to decode, to parse as a form
 * (which fails on JSON sent as {@code application/x-www-form-urlencoded}), to print in a warning,
 * or to read without limit from a PUT or DELETE that the route is about to refuse anyway.
 */
public class RawBodyCaptureFilter extends OncePerRequestFilter {

    /** The body as received, or absent when it was too large or unreadable. */
    public static final String BODY = RawBodyCaptureFilter.class.getName() + ".body";
    /** {@code Boolean.TRUE} when the body exceeded the limit (declared or streamed). */
    public static final String TOO_LARGE = RawBodyCaptureFilter.class.getName() + ".tooLarge";
    /** {@code Boolean.TRUE} when the body did not arrive within the body read timeout. */
    public static final String TOO_SLOW = RawBodyCaptureFilter.class.getName() + ".tooSlow";

    /** Told about each request this filter refuses without running the route. */
    @FunctionalInterface
    public interface Refusals {
        /**
         * @param status the status the request was answered with
         * @param bodyStart the bytes received before reading failed
         */
        void refused(HttpServletRequest request, int status, String reason, String detail, byte[] bodyStart);
    }

    private final long maxBodyBytes;
    private final long bodyReadTimeoutNanos;
    private final Refusals refusals;
    private final Predicate<HttpServletRequest> addressAllowed;

    /**
     * @param addressAllowed whether the request's client may send to the path at all (the
     *                       {@code allowed-cidrs} check of {@link RequestGuard#allowsAddress})
     */
    public RawBodyCaptureFilter(long maxBodyBytes, Duration bodyReadTimeout, Refusals refusals,
            Predicate<HttpServletRequest> addressAllowed) {
        this.maxBodyBytes = maxBodyBytes;
        this.bodyReadTimeoutNanos = bodyReadTimeout.toNanos();
        this.refusals = refusals;
        this.addressAllowed = addressAllowed;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if ("OPTIONS".equals(request.getMethod())) {
            // The servlet layer answers OPTIONS with its own Allow list, racing the route's answer.
            response.setStatus(HttpServletResponse.SC_METHOD_NOT_ALLOWED);
            response.setHeader("Allow", "POST");
            response.setContentType("application/json");
            response.setCharacterEncoding("UTF-8");
            response.getWriter().write("{\"error\":\"method not allowed, use POST\"}");
            return;
        }
        if (!"POST".equals(request.getMethod()) || !addressAllowed.test(request)) {
            // Refused by the route (405, 403) without a byte of the body read.
            chain.doFilter(new EmptyBodyRequest(request), response);
            return;
        }
        if (request.getContentLengthLong() > maxBodyBytes) {
            request.setAttribute(TOO_LARGE, Boolean.TRUE);
            chain.doFilter(new EmptyBodyRequest(request), response);
            return;
        }
        Capture capture = new Capture(maxBodyBytes + 1, System.nanoTime() + bodyReadTimeoutNanos, request.getContentLengthLong());
        if (request.isAsyncSupported()) {
            if (readIfAlreadyHere(request, capture)) {
                capture.handOver(request);
                chain.doFilter(new EmptyBodyRequest(request), response);
            } else {
                new NonBlockingRead(request, response, capture).start();
            }
            return;
        }
        try {
            capture.readFrom(request.getInputStream());
        } catch (IOException e) {
            refuse(request, e, capture);
            return;
        }
        capture.handOver(request);
        chain.doFilter(new EmptyBodyRequest(request), response);
    }

    /**
     * Reads a body of declared length for as long as its bytes are already here, never waiting for
     * one: most webhooks arrive whole with their headers, and reading them on this thread spares
     * them the asynchronous dispatch of {@link NonBlockingRead}. A body still on its way, or of
     * undeclared length, goes on to the
     * non-blocking read with what was read so far; so does a read that fails here.
     *
     * @return whether the whole body was read
     */
    private static boolean readIfAlreadyHere(HttpServletRequest request, Capture capture) {
        long declared = request.getContentLengthLong();
        if (declared < 0) {
            return false;
        }
        try {
            ServletInputStream in = request.getInputStream();
            while (capture.size() < declared && in.available() > 0 && capture.readOnce(in)) {
                // each pass reads what has arrived, at least one byte
            }
            if (capture.size() < declared) {
                return false;
            }
            // Past the declared length the container answers the end of the body at once.
            capture.readFrom(in);
            return true;
        } catch (IOException failed) {
            return false;
        }
    }

    /** Reports a read the container failed; returns the status it stands for. */
    private int refuse(HttpServletRequest request, Throwable failure, Capture capture) {
        boolean timedOut = causedByTimeout(failure);
        int status = timedOut ? HttpServletResponse.SC_REQUEST_TIMEOUT : HttpServletResponse.SC_BAD_REQUEST;
        refusals.refused(request, status, timedOut ? "body_timeout" : "unreadable_body",
                timedOut ? "body stopped arriving" : "body could not be read", capture.bytes());
        return status;
    }

    /**
     * The body read through the container's callbacks. Each callback reads what has arrived and
     * returns; the request is dispatched to the route once the body is complete, too large or too
     * late, and completed here when the container's read failed. The callbacks and the timeout
     * may come on different threads: whichever ends the read first decides, under this object's lock.
     */
    private final class NonBlockingRead implements ReadListener, AsyncListener {

        private final HttpServletRequest request;
        private final HttpServletResponse response;
        private final Capture capture;
        private AsyncContext async;
        private ServletInputStream in;
        private boolean ended;
        /** The status a failed read is answered with, until it is answered. */
        private int failedStatus;
        private static final int CONTAINER_ANSWERED = -1;

        NonBlockingRead(HttpServletRequest request, HttpServletResponse response, Capture capture) {
            this.request = request;
            this.response = response;
            this.capture = capture;
        }

        synchronized void start() throws IOException {
            // What Spring's CharacterEncodingFilter does on a request's first dispatch and skips on
            // asynchronous ones (the route runs on one): platform-http takes the exchange's charset
            // from the request, and a bogus charset parameter would fail the writing of the answer.
            request.setCharacterEncoding(StandardCharsets.UTF_8.name());
            async = request.startAsync(new EmptyBodyRequest(request), response);
            async.setTimeout(Math.max(1, TimeUnit.NANOSECONDS.toMillis(capture.deadline - System.nanoTime())));
            async.addListener(this);
            in = request.getInputStream();
            in.setReadListener(this);
        }

        @Override
        public synchronized void onDataAvailable() throws IOException {
            while (!ended && in.isReady()) {
                if (!capture.readOnce(in)) {
                    return;
                }
                if (capture.size() >= capture.limit || capture.tooSlow) {
                    dispatch();
                }
            }
        }

        @Override
        public synchronized void onAllDataRead() {
            if (!ended) {
                dispatch();
            }
        }

        /** The container's read failed: recorded here, answered once the container reports the error to the request. */
        @Override
        public synchronized void onError(Throwable failure) {
            if (!ended) {
                fail(failure);
            }
        }

        /** The whole body did not arrive within the body read timeout: the route answers 408. */
        @Override
        public synchronized void onTimeout(AsyncEvent event) {
            if (!ended) {
                capture.tooSlow = true;
                dispatch();
            } else if (failedStatus != 0) {
                answerFailure();
            }
        }

        /**
         * Answers a failed read here (completing the request), or the container would answer 500
         * with its error page: the route is not run on a body that could not be read.
         */
        @Override
        public synchronized void onError(AsyncEvent event) {
            if (!ended) {
                fail(event.getThrowable() == null ? new IOException("request failed") : event.getThrowable());
            }
            if (failedStatus != 0) {
                answerFailure();
            }
        }

        /**
         * Ends the read as failed: reported as a refusal and answered 408 or 400, unless the
         * container has answered already or set another error status of its own (an expectation
         * it refused, say), which is then left to stand.
         */
        private void fail(Throwable failure) {
            ended = true;
            int ours = causedByTimeout(failure) ? HttpServletResponse.SC_REQUEST_TIMEOUT : HttpServletResponse.SC_BAD_REQUEST;
            int set = response.getStatus();
            failedStatus = response.isCommitted() || (set >= 400 && set != ours) ? CONTAINER_ANSWERED : refuse(request, failure, capture);
        }

        private void answerFailure() {
            int status = failedStatus;
            failedStatus = 0;
            try {
                if (status != CONTAINER_ANSWERED && !response.isCommitted()) {
                    response.setStatus(status);
                    response.setHeader("Connection", "close");
                    response.setContentType("application/json");
                    response.getOutputStream().write((status == HttpServletResponse.SC_REQUEST_TIMEOUT
                            ? "{\"error\":\"body not received in time\"}" : "{\"error\":\"body could not be read\"}")
                            .getBytes(StandardCharsets.US_ASCII));
                    // Written out now: completing a request in error drops what is still buffered.
                    response.flushBuffer();
                }
            } catch (IOException | IllegalStateException connectionGone) {
                // The container has closed the connection: nobody is left to answer.
            }
            async.complete();
        }

        @Override
        public void onComplete(AsyncEvent event) {
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
        }

        private void dispatch() {
            ended = true;
            capture.handOver(request);
            async.dispatch();
        }
    }

    private static boolean causedByTimeout(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }

    /**
     * Reads a body up to a number of bytes or a moment, whichever comes first. A declared length
     * up to {@value #FIRST_BUFFER_MAX} bytes sizes the buffer once (the usual webhook), so the
     * bytes are read straight into the array the route gets; otherwise the buffer grows as bytes
     * arrive, so a sender that declares much and sends little does not make the router hold much.
     */
    private static final class Capture {
        private static final int FIRST_BUFFER_MAX = 65536;
        private final long limit;
        private final long deadline;
        private byte[] buffer;
        private int size;
        private boolean tooSlow;

        Capture(long limit, long deadline, long declaredLength) {
            this.limit = limit;
            this.deadline = deadline;
            this.buffer = new byte[(int) Math.min(limit, declaredLength >= 0 ? Math.min(declaredLength, FIRST_BUFFER_MAX) : 8192)];
        }

        /** Reads until the end of the body, the limit or the deadline (blocking). */
        void readFrom(InputStream in) throws IOException {
            while (size < limit && !tooSlow && readOnce(in)) {
                // each pass reads what one read returns
            }
        }

        /**
         * One read into the buffer, marking the capture too slow once the deadline has passed
         * before the limit was reached.
         *
         * @return false at the end of the body
         */
        boolean readOnce(InputStream in) throws IOException {
            if (size == buffer.length) {
                // Full: one more byte says whether the body goes on (longer than declared, or undeclared).
                int next = in.read();
                if (next == -1) {
                    return false;
                }
                buffer = Arrays.copyOf(buffer, (int) Math.min(limit, Math.max(8192, (long) buffer.length * 2)));
                buffer[size++] = (byte) next;
            } else {
                int n = in.read(buffer, size, buffer.length - size);
                if (n == -1) {
                    return false;
                }
                size += n;
            }
            if (System.nanoTime() - deadline > 0 && size < limit) {
                tooSlow = true;
            }
            return true;
        }

        /** Tells the route what was read: the body, or that it was too late or too large. */
        void handOver(HttpServletRequest request) {
            if (tooSlow) {
                request.setAttribute(TOO_SLOW, Boolean.TRUE);
            } else if (size > limit - 1) {
                request.setAttribute(TOO_LARGE, Boolean.TRUE);
            } else {
                request.setAttribute(BODY, bytes());
            }
        }

        int size() {
            return size;
        }

        byte[] bytes() {
            return size == buffer.length ? buffer : Arrays.copyOf(buffer, size);
        }
    }

    /** The request without its body, which this filter has already consumed. */
    private static final class EmptyBodyRequest extends HttpServletRequestWrapper {

        EmptyBodyRequest(HttpServletRequest request) {
            super(request);
        }

        @Override
        public ServletInputStream getInputStream() {
            return new ServletInputStream() {
                @Override
                public int read() {
                    return -1;
                }

                @Override
                public boolean isFinished() {
                    return true;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("the body has already been read");
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            return new BufferedReader(new StringReader(""));
        }

        @Override
        public int getContentLength() {
            return 0;
        }

        @Override
        public long getContentLengthLong() {
            return 0;
        }
    }
}
