package com.vobizrouter.sink.zendesk;

import java.util.Map;

import org.apache.camel.Endpoint;
import org.apache.camel.component.zendesk.ZendeskComponent;
import org.apache.camel.component.zendesk.ZendeskConfiguration;
import org.apache.camel.component.zendesk.ZendeskEndpoint;
import org.apache.camel.component.zendesk.internal.ZendeskApiName;
import org.apache.camel.support.component.ApiMethod;
import org.asynchttpclient.AsyncHttpClient;
import org.asynchttpclient.Dsl;
import org.zendesk.client.v2.Zendesk;

/**
 * The {@code zendesk} component, whose calls follow no redirect: a Zendesk answering 3xx fails
 * that call (a {@code ZendeskResponseException} with the status, a permanent failure like other
 * 4xx), so the credentials on the request never go to the origin a redirect names.
 *
 * <p>Why a subclass: zendesk-java-client 1.3.1 builds its own async-http-client with
 * {@code followRedirect(true)} unless given one, and camel-zendesk 4.17 builds a client per
 * endpoint (it compares the endpoint's settings with the component's, the API method included,
 * so they never match), with no option to hand it an HTTP client. Each endpoint here calls
 * Zendesk through a client built from its own settings on {@link #httpClient()}. camel-zendesk
 * still builds its own client when an endpoint starts; that one is never called, and is closed
 * with the endpoint.
 */
public class ZendeskWithoutRedirects extends ZendeskComponent {

    private final AsyncHttpClient http;

    /** @param http the HTTP client of every Zendesk call, from {@link #httpClient()}; closed by its owner */
    public ZendeskWithoutRedirects(AsyncHttpClient http) {
        this.http = http;
    }

    /** An async-http-client that never follows a redirect, for every Zendesk call. */
    public static AsyncHttpClient httpClient() {
        return Dsl.asyncHttpClient(Dsl.config().setFollowRedirect(false));
    }

    @Override
    protected Endpoint createEndpoint(String uri, String methodName, ZendeskApiName apiName, ZendeskConfiguration configuration) {
        // The parent fills the endpoint's settings in (API method, and the component's server and
        // credentials where the URI has none); the endpoint it returns is replaced by this one.
        super.createEndpoint(uri, methodName, apiName, configuration);
        return new ZendeskEndpoint(uri, this, apiName, methodName, configuration) {
            private Zendesk zendesk;

            @Override
            public synchronized Object getApiProxy(ApiMethod method, Map<String, Object> args) {
                if (zendesk == null) {
                    zendesk = client(getConfiguration());
                }
                return zendesk;
            }

            @Override
            public void doStop() throws Exception {
                if (zendesk != null) {
                    zendesk.close();
                    zendesk = null;
                }
                super.doStop();
            }
        };
    }

    /** A Zendesk client with these settings on the shared HTTP client (closing it leaves that client open). */
    private Zendesk client(ZendeskConfiguration configuration) {
        return new Zendesk.Builder(configuration.getServerUrl())
                .setClient(http)
                .setUsername(configuration.getUsername())
                .setToken(configuration.getToken())
                .setOauthToken(configuration.getOauthToken())
                .setPassword(configuration.getPassword())
                .build();
    }
}
