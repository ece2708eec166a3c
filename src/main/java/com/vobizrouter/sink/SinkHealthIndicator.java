package com.vobizrouter.sink;

import java.util.LinkedHashMap;
import java.util.Map;

import com.vobizrouter.dispatch.Destination;
import com.vobizrouter.dispatch.Destinations;
import com.vobizrouter.dispatch.SinkStates;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

/**
 * {@code sinks} in {@code /actuator/health}: each destination's state by name as seen by this
 * instance: {@code parked} (no credentials, events wait), {@code disabled} (switched off), {@code up},
 * or {@code failing} with the last error. The router itself stays UP: a failing destination
 * delays its deliveries, it loses nothing.
 */
public class SinkHealthIndicator extends AbstractHealthIndicator {

    private final SinkStates states;
    private final SinkCredentials credentials;
    private final Destinations destinations;

    public SinkHealthIndicator(SinkStates states, SinkCredentials credentials, Destinations destinations) {
        this.states = states;
        this.credentials = credentials;
        this.destinations = destinations;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        Map<String, Object> details = new LinkedHashMap<>();
        for (String sink : destinations.names()) {
            details.put(sink, describe(sink));
        }
        builder.up().withDetails(details);
    }

    /** One sink as health shows it: {@code state}, {@code detail} and {@code since} when seen. */
    public Map<String, Object> describe(String sink) {
        boolean configured = switch (sink) {
            case "salesforce" -> credentials.salesforceConfigured();
            case "zendesk" -> credentials.zendeskConfigured();
            default -> true;
        };
        Map<String, Object> detail = new LinkedHashMap<>();
        SinkStates.SinkState state = states.snapshot().get(sink);
        boolean enabled = destinations.get(sink).map(Destination::enabled).orElse(true);
        if (!enabled) {
            detail.put("state", "disabled");
            detail.put("detail", "router.destinations." + sink + ".enabled is false: no delivery is made");
        } else if (!configured) {
            detail.put("state", "parked");
            detail.put("detail", "no credentials configured: its events wait in the inbox");
        } else if (state == null) {
            detail.put("state", "up");
            detail.put("detail", "no delivery yet");
        } else {
            detail.put("state", state.state().name().toLowerCase());
            if (state.detail() != null) {
                detail.put("detail", state.detail());
            }
            detail.put("since", state.since().toString());
        }
        return detail;
    }
}
