package com.vobizrouter.intake;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;

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
 * <p>Reading is bounded in time as well as size. A sender that stops sending is cut off by the
 * container's read timeout ({@code server.tomcat.connection-timeout}); one that keeps sending a
 * byte now and then never trips that timeout, so the whole body must arrive within
 * {@code bodyReadTimeout} or the request is marked {@link #TOO_SLOW} and answered 408 by the route.
 * When the container's read fails (timeout, broken chunked coding, client gone) it has already
 * answered the request itself and will close the connection; the route is not run, since its own
 * answer would be written on top of the container's, and the refusal is reported to
 * {@link Refusals} instead.
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
         * @param status the status the container answered
         * @param bodyStart the bytes received before reading failed
         */
        void refused(HttpServletRequest request, int status, String reason, String detail, byte[] bodyStart);
    }

    private final long maxBodyBytes;
    private final long bodyReadTimeoutNanos;
    private final Refusals refusals;

    public RawBodyCaptureFilter(long maxBodyBytes, Duration bodyReadTimeout, Refusals refusals) {
        this.maxBodyBytes = maxBodyBytes;
        this.bodyReadTimeoutNanos = bodyReadTimeout.toNanos();
        this.refusals = refusals;
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
        if (!"POST".equals(request.getMethod())) {
            chain.doFilter(new EmptyBodyRequest(request), response);
            return;
        }
        if (request.getContentLengthLong() > maxBodyBytes) {
            request.setAttribute(TOO_LARGE, Boolean.TRUE);
            chain.doFilter(new EmptyBodyRequest(request), response);
            return;
        }
        Capture capture = new Capture(maxBodyBytes + 1, System.nanoTime() + bodyReadTimeoutNanos, request.getContentLengthLong());
        try {
            capture.readFrom(request.getInputStream());
        } catch (IOException e) {
            boolean timedOut = causedByTimeout(e);
            refusals.refused(request, timedOut ? HttpServletResponse.SC_REQUEST_TIMEOUT : HttpServletResponse.SC_BAD_REQUEST,
                    timedOut ? "body_timeout" : "unreadable_body",
                    timedOut ? "body stopped arriving" : "body could not be read", capture.bytes());
            return;
        }
        if (capture.tooSlow) {
            request.setAttribute(TOO_SLOW, Boolean.TRUE);
        } else if (capture.size() > maxBodyBytes) {
            request.setAttribute(TOO_LARGE, Boolean.TRUE);
        } else {
            request.setAttribute(BODY, capture.bytes());
        }
        chain.doFilter(new EmptyBodyRequest(request), response);
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

        void readFrom(InputStream in) throws IOException {
            while (size < limit) {
                if (size == buffer.length) {
                    // Full: one more byte says whether the body goes on (longer than declared, or undeclared).
                    int next = in.read();
                    if (next == -1) {
                        return;
                    }
                    buffer = Arrays.copyOf(buffer, (int) Math.min(limit, Math.max(8192, (long) buffer.length * 2)));
                    buffer[size++] = (byte) next;
                } else {
                    int n = in.read(buffer, size, buffer.length - size);
                    if (n == -1) {
                        return;
                    }
                    size += n;
                }
                if (System.nanoTime() - deadline > 0 && size < limit) {
                    tooSlow = true;
                    return;
                }
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
