package com.vobizrouter.bench;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * The benchmarks' ceiling (profile {@code bench} only): a Camel platform-http route on the same
 * Tomcat, Spring Boot and Camel as the intake, that answers every POST with a fixed 200 and does
 * no work. Intake figures are given as a fraction of what this route does in the same run.
 */
@Component
@Profile("bench")
public class BareRoute extends RouteBuilder {

    @Override
    public void configure() {
        from("platform-http:/bench/bare?httpMethodRestrict=POST").routeId("bench-bare")
                .removeHeaders("*")
                .setHeader("Content-Type", constant("application/json"))
                .setBody(constant("{\"status\":\"ok\"}"));
    }
}
