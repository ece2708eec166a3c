package com.vobizrouter.sink;

import com.vobizrouter.dispatch.SinkParkedException;
import org.springframework.core.env.Environment;

/**
 * Whether each business system has credentials, from Camel's own component keys
 * ({@code camel.component.salesforce.*}, {@code camel.component.zendesk.*}). A sink without them
 * is parked: its sink route calls {@link #requireSalesforce()} or {@link #requireZendesk()} first
 * and its events wait in the inbox instead of failing.
 */
public class SinkCredentials {

    private final boolean salesforce;
    private final boolean zendesk;

    public SinkCredentials(Environment environment) {
        this.salesforce = present(environment, "camel.component.salesforce.client-id")
                && (present(environment, "camel.component.salesforce.password")
                    || present(environment, "camel.component.salesforce.refresh-token")
                    || present(environment, "camel.component.salesforce.keystore")
                    || present(environment, "camel.component.salesforce.client-secret"));
        this.zendesk = present(environment, "camel.component.zendesk.server-url")
                && (present(environment, "camel.component.zendesk.token")
                    || present(environment, "camel.component.zendesk.oauth-token")
                    || present(environment, "camel.component.zendesk.password"));
    }

    private static boolean present(Environment environment, String key) {
        String value = environment.getProperty(key);
        return value != null && !value.isBlank();
    }

    public boolean salesforceConfigured() {
        return salesforce;
    }

    public boolean zendeskConfigured() {
        return zendesk;
    }

    public void requireSalesforce() {
        if (!salesforce) {
            throw new SinkParkedException("salesforce", "camel.component.salesforce.client-id and its credentials are not set");
        }
    }

    public void requireZendesk() {
        if (!zendesk) {
            throw new SinkParkedException("zendesk", "camel.component.zendesk.server-url and a token are not set");
        }
    }
}
