package com.vobizrouter.intake;

import java.util.Collections;
import java.util.List;
import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * First gate of the intake route: the checks that need only the HTTP request, in the order the
 * contract answers them: method (405), source address (403), body size (413), a body that took
 * too long to arrive (408), content type and content coding (415).
 *
 * <p>A {@code Content-Encoding} other than {@code identity} is refused (RFC 9110, section 8.4.1):
 * the router does not decode bodies, since the signature covers the bytes as sent, and storing a
 * body as JSON while its sender says it is gzip would ignore what the sender said.
 * On success the exact captured body bytes become the message body, so every later step works
 * on what Vobiz signed.
 */
public class RequestGuard implements Processor {

    private final ClientAddressResolver clientAddressResolver;
    private final List<CidrBlock> allowedCidrs;

    public RequestGuard(ClientAddressResolver clientAddressResolver, List<CidrBlock> allowedCidrs) {
        this.clientAddressResolver = clientAddressResolver;
        this.allowedCidrs = List.copyOf(allowedCidrs);
    }

    @Override
    public void process(Exchange exchange) {
        HttpServletRequest request = request(exchange);
        if (request == null) {
            return;
        }
        String clientIp = exchange.getProperty(IntakeKeys.CLIENT_IP, String.class);
        try {
            check(request.getMethod(), clientIp, Boolean.TRUE.equals(request.getAttribute(RawBodyCaptureFilter.TOO_LARGE)),
                    Boolean.TRUE.equals(request.getAttribute(RawBodyCaptureFilter.TOO_SLOW)), request.getContentType(),
                    String.join(",", Collections.list(request.getHeaders("Content-Encoding"))));
        } catch (WebhookRejection rejection) {
            exchange.setException(rejection);
            return;
        }
        exchange.getIn().setBody(request.getAttribute(RawBodyCaptureFilter.BODY), byte[].class);
    }

    /**
     * The source-address check alone (403), for a request answered without a body: a
     * subscription handshake (GET). Sets the client's address as {@link #process} does.
     */
    public void checkAddress(Exchange exchange) {
        if (request(exchange) != null && !allows(exchange.getProperty(IntakeKeys.CLIENT_IP, String.class))) {
            exchange.setException(new WebhookRejection(403, "ip_not_allowed", "source address not allowed"));
        }
    }

    /**
     * The HTTP request, with the client's address (seen through the trusted proxies) set on the
     * exchange; null, with the exchange failed, when there is none.
     */
    private HttpServletRequest request(Exchange exchange) {
        HttpServletRequest request = exchange.getIn().getHeader(Exchange.HTTP_SERVLET_REQUEST, HttpServletRequest.class);
        if (request == null) {
            exchange.setException(new IllegalStateException("intake must be fed by platform-http"));
            return null;
        }
        exchange.setProperty(IntakeKeys.CLIENT_IP, clientAddressResolver.resolve(request.getRemoteAddr(), request.getHeaders("X-Forwarded-For")));
        return request;
    }

    /**
     * Whether the request's client (seen through the trusted proxies) may send at all: the 403
     * check, which needs only the connection and the headers, so it can run before the body is read.
     */
    public boolean allowsAddress(HttpServletRequest request) {
        return allows(clientAddressResolver.resolve(request.getRemoteAddr(), request.getHeaders("X-Forwarded-For")));
    }

    private boolean allows(String clientIp) {
        return allowedCidrs.isEmpty() || allowedCidrs.stream().anyMatch(block -> block.contains(clientIp));
    }

    /** The checks themselves, in contract order; throws the first rejection that applies. */
    void check(String method, String clientIp, boolean tooLarge, boolean tooSlow, String contentType, String contentEncoding) {
        if (!"POST".equals(method)) {
            throw new WebhookRejection(405, "method_not_allowed", "method not allowed, use POST");
        }
        if (!allows(clientIp)) {
            throw new WebhookRejection(403, "ip_not_allowed", "source address not allowed");
        }
        if (tooLarge) {
            throw new WebhookRejection(413, "too_large", "body too large");
        }
        if (tooSlow) {
            throw new WebhookRejection(408, "body_timeout", "body not received in time");
        }
        if (!isJson(contentType)) {
            throw new WebhookRejection(415, "unsupported_media_type", "content type must be application/json");
        }
        if (!isIdentity(contentEncoding)) {
            throw new WebhookRejection(415, "unsupported_content_encoding", "content encoding not supported, send the body as it is");
        }
    }

    /** No content coding: the header absent, empty, or only {@code identity}. */
    static boolean isIdentity(String contentEncoding) {
        if (contentEncoding == null) {
            return true;
        }
        for (String coding : contentEncoding.split(",")) {
            String trimmed = coding.trim();
            if (!trimmed.isEmpty() && !trimmed.equalsIgnoreCase("identity")) {
                return false;
            }
        }
        return true;
    }

    /** {@code application/json} or any {@code type/subtype+json}, whatever parameters follow. */
    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semicolon = contentType.indexOf(';');
        String mediaType = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
        int slash = mediaType.indexOf('/');
        if (slash <= 0 || slash == mediaType.length() - 1) {
            return false;
        }
        return mediaType.equals("application/json") || mediaType.endsWith("+json");
    }
}
