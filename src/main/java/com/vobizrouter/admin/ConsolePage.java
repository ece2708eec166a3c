package com.vobizrouter.admin;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The delivery console at {@code /console} on the management port: one static page (no build
 * step) that shows readiness, each sink's state (for Salesforce and Zendesk also the events
 * waiting and this instance's API calls a minute as a bar chart against the limit), recent
 * events, dead letters with a Replay button, and rejected requests, all of them or those of one
 * webhook source the operator picks (from {@code /admin/sources}). The page holds no data itself;
 * it reads the admin API with the token the operator types in, so it exists only where the admin
 * API does.
 */
@RestController
public class ConsolePage {

    private final String html;

    public ConsolePage() throws IOException {
        try (InputStream in = ConsolePage.class.getResourceAsStream("/admin/console.html")) {
            this.html = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @GetMapping(path = "/console", produces = MediaType.TEXT_HTML_VALUE)
    public ResponseEntity<String> console() {
        return ResponseEntity.ok().header("Content-Security-Policy", "default-src 'self'; script-src 'unsafe-inline' 'self'; "
                + "style-src 'unsafe-inline'").body(html);
    }
}
