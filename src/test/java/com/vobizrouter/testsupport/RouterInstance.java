package com.vobizrouter.testsupport;

import java.util.LinkedHashMap;
import java.util.Map;

import com.vobizrouter.VobizRouterApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A whole router (Spring Boot, Camel, Tomcat) started inside the test JVM on random ports, for
 * tests that need more than one instance or control over start and stop.
 */
public final class RouterInstance implements AutoCloseable {

    private final ConfigurableApplicationContext context;

    private RouterInstance(ConfigurableApplicationContext context) {
        this.context = context;
    }

    public static RouterInstance start(Map<String, String> properties) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("server.port", "0");
        all.put("management.server.port", "0");
        all.put("camel.main.jmx-enabled", "false");
        all.put("logging.level.com.vobizrouter.intake", "ERROR");
        all.putAll(properties);
        // As command-line arguments, so they win over application.yaml like an operator's would.
        String[] args = all.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
        return new RouterInstance(new SpringApplicationBuilder(VobizRouterApplication.class).run(args));
    }

    public int port() {
        return ((ServletWebServerApplicationContext) context).getWebServer().getPort();
    }

    public int managementPort() {
        return Integer.parseInt(context.getEnvironment().getProperty("local.management.port"));
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    @Override
    public void close() {
        context.close();
    }
}
