package com.vobizrouter.routes;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * In a route test run, every destination of the company's own goes to a recorder instead of its
 * system, whatever the configuration says: an {@code http} destination to the fakes' server under
 * {@code /destinations/<name>}, a {@code sql} destination to an in-memory H2 database of its own
 * ({@code jdbc:h2:mem:route-tests-<name>}), which a case prepares with {@code setup}. Salesforce and
 * Zendesk already point at the fakes ({@code @WithFakeBusinessSystems}).
 */
public final class RouteTestDestinations implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    private static final Pattern KIND = Pattern.compile("router\\.destinations\\.([a-z][a-z0-9]*)\\.kind");

    /** The JDBC URL a sql destination has in a route test run. */
    static String database(String destination) {
        return "jdbc:h2:mem:route-tests-" + destination + ";DB_CLOSE_DELAY=-1";
    }

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        ConfigurableEnvironment environment = context.getEnvironment();
        Map<String, Object> redirected = new LinkedHashMap<>();
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
            if (!(source instanceof IterableConfigurationPropertySource names)) {
                continue;
            }
            for (ConfigurationPropertyName name : names) {
                Matcher kind = KIND.matcher(name.toString());
                if (!kind.matches()) {
                    continue;
                }
                String destination = kind.group(1);
                String prefix = "router.destinations." + destination;
                switch (String.valueOf(environment.getProperty(prefix + ".kind")).trim().toLowerCase(java.util.Locale.ROOT)) {
                    case "http" -> redirected.put(prefix + ".url", "${camel.component.zendesk.server-url}/destinations/" + destination);
                    case "sql" -> {
                        redirected.put(prefix + ".url", database(destination));
                        redirected.put(prefix + ".username", "sa");
                        redirected.put(prefix + ".password", "");
                    }
                    default -> {
                    }
                }
            }
        }
        environment.getPropertySources().addFirst(new MapPropertySource("route-test-destinations", redirected));
    }
}
