package com.vobizrouter.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.context.properties.bind.Name;
import org.springframework.validation.annotation.Validated;

/**
 * The business systems the router delivers to: {@code router.destinations.<name>.*}. The built-in
 * ones ({@code salesforce}, {@code zendesk}, and the router's tables {@code analytics},
 * {@code messagestatus}, {@code campaignresult}) exist without a key; a key changes them (their
 * {@code router.sinks.*} keys keep working). Everything can be set with environment variables
 * alone ({@code ROUTER_DESTINATIONS_CHATBOT_URL}), which is why a name is lower-case letters and
 * digits. What depends on the kind or on several keys is checked when the destinations are built
 * ({@link DestinationsConfiguration}), naming the key.
 */
@Validated
@ConfigurationProperties(prefix = "router.destinations")
public record DestinationsSettings(
        @Name("") Map<@Pattern(regexp = "[a-z][a-z0-9]{0,31}",
                message = "a destination name is 1 to 32 lower-case letters and digits, starting with a letter") String,
                @Valid Destination> byName) {

    public DestinationsSettings {
        byName = byName == null ? Map.of() : new TreeMap<>(byName);
    }

    /**
     * One destination.
     *
     * @param kind           http, kafka, sql, salesforce or zendesk (a built-in one keeps its own)
     * @param events         router types it takes besides the YAML routes that name it: {@code *}, {@code message.*}, exact types
     * @param enabled        false: no delivery is made to it (deliveries already decided wait)
     * @param rateLimit      calls a minute on every instance together; none when unset (the built-ins keep theirs)
     * @param maxAttempts    attempts before a dead letter; default {@code router.dispatch.max-attempts}
     * @param url            http: where the request goes
     * @param method         http: POST, PUT or PATCH
     * @param headers        http: headers added to every request
     * @param username       http: basic auth, with {@code password}
     * @param password       http: basic auth, with {@code username}
     * @param bearerToken    http: {@code Authorization: Bearer <token>}
     * @param apiKeyHeader   http: the header carrying {@code api-key}
     * @param apiKey         http: the value of {@code api-key-header}
     * @param timeout        http: connect and answer timeout
     * @param signingSecret  http: {@code whsec_…}: each attempt signed as Standard Webhooks says
     * @param mapping        a jq program: what the destination receives, made from the event
     * @param key            kafka: a jq program giving the record key; the router's event id without it
     * @param brokers        kafka: bootstrap servers, {@code host:port[,host:port…]}
     * @param topic          kafka: the topic every record goes to
     * @param statement      sql: the statement run per event, with {@code :name} parameters the mapping fills
     * @param poolSize       sql: connections kept to the database at most
     */
    public record Destination(
            String kind,
            @DefaultValue List<String> events,
            @DefaultValue("true") boolean enabled,
            Integer rateLimit,
            Integer maxAttempts,
            String url,
            @DefaultValue("POST") String method,
            @DefaultValue Map<String, String> headers,
            String username,
            String password,
            String bearerToken,
            String apiKeyHeader,
            String apiKey,
            @DefaultValue("10s") Duration timeout,
            String signingSecret,
            String mapping,
            String key,
            String brokers,
            String topic,
            String statement,
            @DefaultValue("4") int poolSize) {

        @Override
        public String toString() {
            return "Destination[kind=" + kind + ", events=" + events + ", enabled=" + enabled + ", url=" + (url == null ? "unset" : "set")
                    + ", credentials=" + (password != null || bearerToken != null || apiKey != null ? "set" : "unset")
                    + ", signingSecret=" + (signingSecret == null ? "unset" : "set") + ", mapping=" + (mapping == null ? "unset" : "set")
                    + ", topic=" + topic + "]";
        }
    }
}
