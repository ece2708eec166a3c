package com.vobizrouter.sink;

import java.util.LinkedHashMap;
import java.util.Map;

import com.vobizrouter.dispatch.SinkStates;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

/**
 * {@code sinks} in {@code /actuator/health}: each business system's state as seen by this
 * instance: {@code parked} (no credentials, events wait), {@code up}, or {@code failing} with the
 * last error. The router itself stays UP: a failing sink delays delivery, it loses nothing.
 */
public class SinkHealthIndicator extends AbstractHealthIndicator {

    private final SinkStates states;
    private final SinkCredentials credentials;

    public SinkHealthIndicator(SinkStates states, SinkCredentials credentials) {
        this.states = states;
        this.credentials = credentials;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        Map<String, SinkStates.SinkState> seen = states.snapshot();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("salesforce", describe("salesforce", credentials.salesforceConfigured(), seen));
        details.put("zendesk", describe("zendesk", credentials.zendeskConfigured(), seen));
        details.put("database", describe("database", true, seen));
        builder.up().withDetails(details);
    }

    private static Map<String, Object> describe(String sink, boolean configured, Map<String, SinkStates.SinkState> seen) {
        Map<String, Object> detail = new LinkedHashMap<>();
        SinkStates.SinkState state = seen.get(sink);
        if (!configured) {
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
