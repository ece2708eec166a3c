package com.vobizrouter;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Entry point of the Vobiz integration router. Routes live as Camel YAML under the top-level
 * {@code routes/} folder; this class only boots Spring and Camel.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class VobizRouterApplication {

    public static void main(String[] args) {
        SpringApplication.run(VobizRouterApplication.class, args);
    }
}
