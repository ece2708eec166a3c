package com.vobizrouter.admin;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The response headers of every answer of the admin API and the console, set in this one place
 * before anything else answers (the token check's 401, a handler, a 404): never cached
 * ({@code no-store}: events and rejections hold customers' data), never sniffed as another type
 * ({@code nosniff}), never framed ({@code frame-ancestors 'none'} and {@code X-Frame-Options}),
 * scripts and styles only from the router's own files (the console's script is
 * {@code /console.js}, no inline script runs), no referrer sent on.
 */
public class AdminHeaders extends OncePerRequestFilter {

    /** The Content-Security-Policy of every admin answer, the console's included. */
    public static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        response.setHeader("Referrer-Policy", "no-referrer");
        chain.doFilter(request, response);
    }
}
