package com.vobizrouter.config;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code router.sinks.zendesk.*}: the Zendesk sink's settings that are not Camel component settings.
 *
 * @param rateLimit Zendesk API requests a minute the router may make, on all its instances
 *     together (its share of the account's limit); 0 for no limit
 */
@Validated
@ConfigurationProperties("router.sinks.zendesk")
public record ZendeskSettings(
        @Min(value = 0, message = "must not be negative (0: no limit)")
        @DefaultValue("400") int rateLimit) {
}
