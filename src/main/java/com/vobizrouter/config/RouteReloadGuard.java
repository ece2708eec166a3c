package com.vobizrouter.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

import org.apache.camel.CamelContext;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.spi.Resource;
import org.apache.camel.spi.RoutesBuilderLoader;
import org.apache.camel.spi.RoutesLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/**
 * Camel's routes loader with a check in front of every reload
 * ({@code camel.main.routes-reload-enabled}): a saved route file is checked as the route tests
 * check it ({@link RouteFileCheck}: the Camel YAML DSL schema, the beans, destinations and
 * properties it names) before anything is removed. A file with a problem is not loaded: the
 * routes already running keep running, the log says why with file and line, and health
 * ({@code routes}) shows the refusal until a good version of the file is loaded.
 */
public class RouteReloadGuard implements RoutesLoader, HealthIndicator {

    private static final Logger LOG = LoggerFactory.getLogger("com.vobizrouter.routes");

    /** The last refused reload, until one succeeds. */
    public record Refusal(Instant at, List<String> problems) {
    }

    private final RoutesLoader loader;
    private final java.util.function.Supplier<RouteFileCheck> check;
    private final RouteFileCheck.Names names;
    private final Clock clock;
    private volatile Refusal refused;

    /** @param check made when the first reload comes (reading the schema costs start-up time otherwise) */
    public RouteReloadGuard(RoutesLoader loader, java.util.function.Supplier<RouteFileCheck> check, RouteFileCheck.Names names, Clock clock) {
        this.loader = loader;
        this.check = check;
        this.names = names;
        this.clock = clock;
    }

    @Override
    public Set<String> updateRoutes(Collection<Resource> resources) throws Exception {
        List<String> problems = new ArrayList<>();
        for (Resource resource : resources) {
            String name = resource.getLocation();
            if (name == null || !name.endsWith(".yaml")) {
                continue;
            }
            check.get().check(shortName(name), text(resource), names).forEach(problem -> problems.add(problem.toString()));
        }
        if (!problems.isEmpty()) {
            refused = new Refusal(clock.instant(), List.copyOf(problems));
            LOG.error("route reload refused, the routes already running keep running: {}", String.join("; ", problems));
            throw new IllegalArgumentException("route reload refused: " + String.join("; ", problems));
        }
        Set<String> updated = loader.updateRoutes(resources);
        refused = null;
        return updated;
    }

    /** The last refused reload, or null when the last reload succeeded (or none was refused). */
    public Refusal refused() {
        return refused;
    }

    @Override
    public Health health() {
        Refusal last = refused;
        if (last == null) {
            return Health.up().build();
        }
        // The old routes run on: the router is up; the detail says why the edit is not in effect.
        return Health.up().withDetail("reload", "refused").withDetail("at", last.at().toString())
                .withDetail("problems", last.problems()).build();
    }

    private static String text(Resource resource) throws IOException {
        try (InputStream in = resource.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String shortName(String location) {
        String path = location.startsWith("file:") ? location.substring("file:".length()) : location;
        int routes = path.lastIndexOf("routes/");
        return routes >= 0 ? path.substring(routes) : path;
    }

    // Everything else as Camel's own loader does it.

    @Override
    public CamelContext getCamelContext() {
        return loader.getCamelContext();
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        loader.setCamelContext(camelContext);
    }

    @Override
    public boolean isIgnoreLoadingError() {
        return loader.isIgnoreLoadingError();
    }

    @Override
    public void setIgnoreLoadingError(boolean ignoreLoadingError) {
        loader.setIgnoreLoadingError(ignoreLoadingError);
    }

    @Override
    public RoutesBuilderLoader getRoutesLoader(String extension) throws Exception {
        return loader.getRoutesLoader(extension);
    }

    @Override
    public void loadRoutes(Collection<Resource> resources) throws Exception {
        loader.loadRoutes(resources);
    }

    @Override
    public Collection<RoutesBuilder> findRoutesBuilders(Collection<Resource> resources) throws Exception {
        return loader.findRoutesBuilders(resources);
    }

    @Override
    public Collection<RoutesBuilder> findRoutesBuilders(Collection<Resource> resources, boolean optional) throws Exception {
        return loader.findRoutesBuilders(resources, optional);
    }

    @Override
    public void preParseRoute(Resource resource, boolean optional) throws Exception {
        loader.preParseRoute(resource, optional);
    }

    @Override
    public void initRoutesBuilderLoader(RoutesBuilderLoader routesBuilderLoader) {
        loader.initRoutesBuilderLoader(routesBuilderLoader);
    }
}
