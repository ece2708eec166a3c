package com.vobizrouter.sink.http;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.EntityDetails;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.HttpResponseInterceptor;
import org.apache.hc.core5.http.impl.DefaultConnectionReuseStrategy;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.util.Timeout;

/**
 * The HTTP client settings of {@code http} destinations, so that a receiver, hostile or broken,
 * costs the router a bounded amount of memory and time.
 *
 * <p>An answer's body is read as soon as its headers arrive, at most {@link #KEPT} bytes and for at
 * most the response timeout, and replaces the answer's entity: nothing downstream (camel-http
 * copies a body into memory) ever sees more. When more was coming, the connection is closed rather
 * than drained for reuse (draining would read all of it). Also: no automatic retries (the
 * dispatcher retries, with backoff, and must count each attempt), no compression (a small gzip
 * answer may unpack to gigabytes; without {@code Accept-Encoding} a receiver sends it plain), no
 * redirects, no cookies kept from one event to the next.
 */
final class BoundedAnswers implements HttpResponseInterceptor {

    /** Bytes of an answer kept (and read) at most: the first 4 KB. */
    static final int KEPT = 4096;

    private static final String CUT = BoundedAnswers.class.getName() + ".cut";

    private BoundedAnswers() {
    }

    static void configure(HttpClientBuilder builder) {
        builder.disableAutomaticRetries()
                .disableContentCompression()
                .disableRedirectHandling()
                .disableCookieManagement()
                .addResponseInterceptorLast(new BoundedAnswers())
                .setConnectionReuseStrategy((request, response, context) -> !cut(context)
                        && DefaultConnectionReuseStrategy.INSTANCE.keepAlive(request, response, context));
    }

    @Override
    public void process(HttpResponse response, EntityDetails details, HttpContext context) throws IOException {
        if (response instanceof ClassicHttpResponse classic && classic.getEntity() != null) {
            keepFirstBytes(classic, context);
        }
    }

    /** Whether the answer of this exchange was cut: more was coming than is kept. */
    static boolean cut(HttpContext context) {
        return context.getAttribute(CUT) != null;
    }

    /** Replaces the answer's entity by its first {@link #KEPT} bytes (all of it when shorter), read once. */
    static void keepFirstBytes(ClassicHttpResponse classic, HttpContext context) throws IOException {
        HttpEntity entity = classic.getEntity();
        long deadline = System.nanoTime() + responseTimeout(context).toNanoseconds();
        byte[] kept = new byte[KEPT + 1];
        int read = 0;
        int n = 0;
        InputStream in = entity.getContent();
        while (read < kept.length && System.nanoTime() < deadline && (n = in.read(kept, read, kept.length - read)) >= 0) {
            read += n;
        }
        if (n >= 0) {
            // More than KEPT bytes, or no end in time: the rest stays unread. The stream is not
            // closed (closing drains it); the connection, marked not reusable, is closed on release.
            context.setAttribute(CUT, Boolean.TRUE);
            classic.setEntity(new ByteArrayEntity(Arrays.copyOf(kept, Math.min(read, KEPT)), null));
            return;
        }
        // At its end: closing reads what follows the body (a chunked answer's trailers) and no more.
        in.close();
        classic.setEntity(new ByteArrayEntity(Arrays.copyOf(kept, read), null));
    }

    private static Timeout responseTimeout(HttpContext context) {
        Timeout timeout = HttpClientContext.castOrCreate(context).getRequestConfigOrDefault().getResponseTimeout();
        return timeout == null || timeout.isDisabled() ? Timeout.ofMinutes(3) : timeout;
    }
}
