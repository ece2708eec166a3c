package com.vobizrouter.admin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The admin API's one door: a request passes only with {@code Authorization: Bearer <token>};
 * anything else is answered 401 with {@code WWW-Authenticate: Bearer} before any handler runs, so
 * an unknown path or method under {@code /admin} reveals nothing either.
 *
 * <p>The presented token and the configured one are compared as SHA-256 digests with
 * {@link MessageDigest#isEqual}: the time taken says nothing about how much of the token, or
 * how long a token, was right.
 */
public class AdminTokenFilter extends OncePerRequestFilter {

    private static final String SCHEME = "Bearer ";
    private static final byte[] REFUSAL = "{\"error\":\"missing or wrong bearer token\"}".getBytes(StandardCharsets.UTF_8);

    private final byte[] expected;

    public AdminTokenFilter(String token) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("the admin token must not be blank");
        }
        this.expected = sha256(token);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (authorized(request.getHeader(HttpHeaders.AUTHORIZATION))) {
            chain.doFilter(request, response);
            return;
        }
        response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setContentLength(REFUSAL.length);
        response.getOutputStream().write(REFUSAL);
    }

    private boolean authorized(String authorization) {
        if (authorization == null || !authorization.startsWith(SCHEME)) {
            return false;
        }
        return MessageDigest.isEqual(expected, sha256(authorization.substring(SCHEME.length()).trim()));
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
