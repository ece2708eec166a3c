package com.vobizrouter.admin;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

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
 *
 * <p>Its script and style are files of their own ({@code /console.js}, {@code /console.css}), so
 * the Content-Security-Policy ({@link AdminHeaders}) lets no inline script run.
 */
@RestController
public class ConsolePage {

    private final String html;
    private final String script;
    private final String style;

    public ConsolePage() throws IOException {
        this.html = resource("console.html");
        this.script = resource("console.js");
        this.style = resource("console.css");
    }

    @GetMapping(path = "/console")
    public ResponseEntity<String> console() {
        return ResponseEntity.ok().header("Content-Type", "text/html; charset=UTF-8").body(html);
    }

    @GetMapping(path = "/console.js")
    public ResponseEntity<String> script() {
        return ResponseEntity.ok().header("Content-Type", "text/javascript; charset=UTF-8").body(script);
    }

    @GetMapping(path = "/console.css")
    public ResponseEntity<String> style() {
        return ResponseEntity.ok().header("Content-Type", "text/css; charset=UTF-8").body(style);
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = ConsolePage.class.getResourceAsStream("/admin/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
