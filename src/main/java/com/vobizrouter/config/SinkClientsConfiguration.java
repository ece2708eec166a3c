package com.vobizrouter.config;

import java.util.HashMap;
import java.util.Map;

import com.vobizrouter.sink.zendesk.ZendeskWithoutRedirects;
import org.apache.camel.Ordered;
import org.apache.camel.component.salesforce.SalesforceComponent;
import org.apache.camel.spi.ComponentCustomizer;
import org.asynchttpclient.AsyncHttpClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The HTTP clients of the Salesforce and Zendesk sinks follow no redirect. A redirect to another
 * origin would carry the credentials of the call there (Zendesk's {@code Authorization} header,
 * Salesforce's login form with the client secret and password, the bearer token and the event's
 * data of an API call); a 3xx answer instead fails that delivery with its status, a permanent
 * failure like other 4xx answers (dead letter).
 */
@Configuration(proxyBeanMethods = false)
public class SinkClientsConfiguration {

    /** The HTTP client of every Zendesk call (camel-zendesk's and {@code zendeskTicketCreation}'s); Spring closes it. */
    @Bean(destroyMethod = "close")
    AsyncHttpClient zendeskHttpClient() {
        return ZendeskWithoutRedirects.httpClient();
    }

    /** Found by name when a route first uses {@code zendesk:}; {@code camel.component.zendesk.*} still configures it. */
    @Bean("zendesk")
    ZendeskWithoutRedirects zendeskComponent(AsyncHttpClient zendeskHttpClient) {
        return new ZendeskWithoutRedirects(zendeskHttpClient);
    }

    /**
     * camel-salesforce's Jetty client (login and API calls alike) with {@code followRedirects=false}
     * among its {@code httpClientProperties}, which the component applies to the client it builds
     * when it starts. Ordered last, after Camel's own customizer has bound {@code camel.component.salesforce.*}.
     */
    @Bean
    ComponentCustomizer salesforceWithoutRedirects() {
        return ComponentCustomizer.builder(SalesforceComponent.class).withOrder(Ordered.LOWEST).build(salesforce -> {
            Map<String, Object> properties = salesforce.getHttpClientProperties() == null
                    ? new HashMap<>() : new HashMap<>(salesforce.getHttpClientProperties());
            properties.put("followRedirects", false);
            salesforce.setHttpClientProperties(properties);
        });
    }
}
