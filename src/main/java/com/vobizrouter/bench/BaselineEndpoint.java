package com.vobizrouter.bench;

import org.springframework.context.annotation.Profile;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The benchmark's baseline (profile {@code bench} only): a plain Spring MVC endpoint on the same
 * Tomcat that reads the body and answers 200 with no work, so intake results can be read as a
 * fraction of what the HTTP stack itself does on the machine.
 */
@RestController
@Profile("bench")
public class BaselineEndpoint {

    @PostMapping(path = "/bench/baseline", produces = "application/json")
    public ResponseEntity<String> baseline(@RequestBody byte[] body) {
        return ResponseEntity.ok("{\"status\":\"ok\"}");
    }
}
