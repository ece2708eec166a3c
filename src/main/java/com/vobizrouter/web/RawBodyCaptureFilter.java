package com.vobizrouter.web;

import java.io.ByteArrayOutputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;

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
 * <p>OPTIONS is answered here (405, like every method but POST), because the servlet layer would
 * otherwise add its own {@code Allow} list to the route's answer.
 *
 * <p>The request passed on has an empty body: the captured bytes are the only copy the route
 * uses, and Camel's binding then has nothing to decode, to parse as a form (which fails on JSON
 * sent as {@code application/x-www-form-urlencoded}) or to print in a warning.
 */
public class RawBodyCaptureFilter extends OncePerRequestFilter {

    /** The body as received, or absent when it was too large or unreadable. */
    public static final String BODY = RawBodyCaptureFilter.class.getName() + ".body";
    /** {@code Boolean.TRUE} when the body exceeded the limit (declared or streamed). */
    public static final String TOO_LARGE = RawBodyCaptureFilter.class.getName() + ".tooLarge";
    /** {@code Boolean.TRUE} when reading the body failed (client went away, read timeout). */
    public static final String READ_FAILED = RawBodyCaptureFilter.class.getName() + ".readFailed";

    private final long maxBodyBytes;

    public RawBodyCaptureFilter(long maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
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
            chain.doFilter(request, response);
            return;
        }
        if (request.getContentLengthLong() > maxBodyBytes) {
            request.setAttribute(TOO_LARGE, Boolean.TRUE);
        } else {
            try {
                byte[] read = readAtMost(request.getInputStream(), maxBodyBytes + 1);
                if (read.length > maxBodyBytes) {
                    request.setAttribute(TOO_LARGE, Boolean.TRUE);
                } else {
                    request.setAttribute(BODY, read);
                }
            } catch (IOException e) {
                request.setAttribute(READ_FAILED, Boolean.TRUE);
            }
        }
        chain.doFilter(new EmptyBodyRequest(request), response);
    }

    private static byte[] readAtMost(InputStream in, long limit) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        long total = 0;
        int n;
        while (total < limit && (n = in.read(buffer, 0, (int) Math.min(buffer.length, limit - total))) != -1) {
            out.write(buffer, 0, n);
            total += n;
        }
        return out.toByteArray();
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
