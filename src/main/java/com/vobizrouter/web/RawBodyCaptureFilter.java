package com.vobizrouter.web;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

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
 * The wrapped request replays the same bytes to whoever reads it next.
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
        if (!"POST".equals(request.getMethod())) {
            chain.doFilter(request, response);
            return;
        }
        byte[] body = new byte[0];
        if (request.getContentLengthLong() > maxBodyBytes) {
            request.setAttribute(TOO_LARGE, Boolean.TRUE);
        } else {
            try {
                byte[] read = readAtMost(request.getInputStream(), maxBodyBytes + 1);
                if (read.length > maxBodyBytes) {
                    request.setAttribute(TOO_LARGE, Boolean.TRUE);
                } else {
                    body = read;
                    request.setAttribute(BODY, body);
                }
            } catch (IOException e) {
                request.setAttribute(READ_FAILED, Boolean.TRUE);
            }
        }
        chain.doFilter(new ReplayingRequest(request, body), response);
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

    /** A request whose body is the captured bytes, readable as stream or reader. */
    private static final class ReplayingRequest extends HttpServletRequestWrapper {
        private final byte[] body;

        ReplayingRequest(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("the body is already buffered");
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            return new BufferedReader(new InputStreamReader(getInputStream(), declaredCharset()));
        }

        // A client-supplied charset name must not be able to fail the request before it is checked.
        private Charset declaredCharset() {
            String encoding = getCharacterEncoding();
            try {
                return encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
            } catch (IllegalArgumentException e) {
                return StandardCharsets.UTF_8;
            }
        }
    }
}
