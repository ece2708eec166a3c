package com.vobizrouter.admin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;
import com.vobizrouter.inbox.Digests;

/**
 * The admin API's one door: a request passes only with {@code Authorization: Bearer <token>};
 * anything else is answered 401 with {@code WWW-Authenticate: Bearer} before any handler runs, so
 * an unknown path or method under {@code /admin} reveals nothing either.
 *
 * <p>The presented token and the configured one are compared as SHA-256 digests with
 * {@link MessageDigest#isEqual}: the time taken says nothing about how much of the token, or
 * how long a token, was right.
 *
 * <p>Failed logins are slowed down for all callers together, since behind a load balancer every
 * request may come from one address: once more wrong tokens came in one minute than
 * {@code router.admin.failed-logins-per-minute} allows, each further wrong one is answered 429 with {@code Retry-After} (the rest of the
 * minute), held back {@link #HOLD} first without holding a thread; when {@value #MAX_HELD} are held
 * already, the 429 goes at once. The right token is never held or refused, so an attacker cannot
 * lock operators out; what makes guessing hopeless is the token's length (at least 16 characters,
 * checked at start-up), this only makes each guess cost a connection for a second.
 */
public class AdminTokenFilter extends OncePerRequestFilter {

    /** How long a wrong token past the budget waits for its answer. */
    static final Duration HOLD = Duration.ofSeconds(1);

    /** At most this many answers are held back at once; past it, the 429 is sent at once. */
    static final int MAX_HELD = 32;

    private static final Logger LOG = LoggerFactory.getLogger(AdminTokenFilter.class);
    private static final String SCHEME = "Bearer ";
    private static final byte[] REFUSAL = "{\"error\":\"missing or wrong bearer token\"}".getBytes(StandardCharsets.UTF_8);
    private static final byte[] TOO_MANY = "{\"error\":\"too many failed admin logins, retry later\"}".getBytes(StandardCharsets.UTF_8);

    private final byte[] expected;
    private final int failuresAMinute;
    private final Clock clock;
    private final ScheduledExecutorService timer;
    private final AtomicInteger held = new AtomicInteger();
    private long minute = Long.MIN_VALUE;
    private int failures;

    /**
     * @param failuresAMinute wrong tokens a minute, all callers together, answered 401 at once
     * @param clock           tells the minute failures are counted in
     */
    public AdminTokenFilter(String token, int failuresAMinute, Clock clock) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("the admin token must not be blank");
        }
        this.expected = Digests.sha256(token);
        this.failuresAMinute = failuresAMinute;
        this.clock = clock;
        this.timer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "admin-refusals");
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public void destroy() {
        timer.shutdownNow();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (authorized(request.getHeader(HttpHeaders.AUTHORIZATION))) {
            chain.doFilter(request, response);
            return;
        }
        long retryAfter = failed();
        if (retryAfter == 0) {
            refuse(response, HttpServletResponse.SC_UNAUTHORIZED, REFUSAL);
            return;
        }
        response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter));
        if (!request.isAsyncSupported() || held.incrementAndGet() > MAX_HELD) {
            if (request.isAsyncSupported()) {
                held.decrementAndGet();
            }
            refuse(response, 429, TOO_MANY);
            return;
        }
        AsyncContext async = request.startAsync();
        async.setTimeout(0);
        timer.schedule(() -> {
            try {
                refuse(response, 429, TOO_MANY);
            } catch (IOException | RuntimeException gone) {
                LOG.debug("a held admin refusal could not be sent: {}", gone.toString());
            } finally {
                held.decrementAndGet();
                async.complete();
            }
        }, HOLD.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Counts a failure; 0 while the minute's budget lasts, else the seconds left of the minute. */
    private synchronized long failed() {
        long millis = clock.millis();
        long now = millis / 60_000;
        if (now != minute) {
            minute = now;
            failures = 0;
        }
        failures++;
        if (failures <= failuresAMinute) {
            return 0;
        }
        if (failures == failuresAMinute + 1) {
            LOG.warn("more than {} failed admin logins this minute: further ones are answered 429 and slowed down", failuresAMinute);
        }
        return Math.max(1, (60_000 - millis % 60_000 + 999) / 1000);
    }

    private static void refuse(HttpServletResponse response, int status, byte[] body) throws IOException {
        response.setStatus(status);
        if (status == HttpServletResponse.SC_UNAUTHORIZED) {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        }
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    private boolean authorized(String authorization) {
        if (authorization == null || !authorization.startsWith(SCHEME)) {
            return false;
        }
        return MessageDigest.isEqual(expected, Digests.sha256(authorization.substring(SCHEME.length()).trim()));
    }
}
