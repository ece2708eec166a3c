package com.vobizrouter.config;

import java.util.Set;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code router.events.*}: which event types are dispatched. The types are configuration, not
 * code: any well-formed name may be enabled, and {@code routes/dispatch.camel.yaml} decides where
 * each goes. A name is letters and digits in parts joined by '.', '_' or '-', so it is safe as a
 * metric tag and inside an endpoint URI.
 *
 * @param enabled event types that are dispatched; others are stored and answered {@code ignored}
 */
@Validated
@ConfigurationProperties("router.events")
public record EventSettings(
        @NotNull @DefaultValue Set<
                @Pattern(regexp = "[A-Za-z0-9]+([._-][A-Za-z0-9]+)*",
                        message = "'${validatedValue}' is not an event type name such as order.shipped") String> enabled) {
}
