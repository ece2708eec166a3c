package com.vobizrouter.config;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code router.sinks.salesforce.*}: the Salesforce sink's settings that are not Camel
 * component settings. The REST API version is Camel's own {@code camel.component.salesforce.api-version}.
 * What the sink upserts is {@code router.destinations.salesforce.mapping}.
 *
 * @param contactExternalIdField Contact field (an External ID) holding the Vobiz contact id, which the
 *     shipped mapping keys Contacts by (a placeholder in its text); checked here as an API name
 * @param batchLinger how long an upsert waits for others to share its collection call
 * @param rateLimit Salesforce API requests a minute the router may make, on all its instances
 *     together; 0 for no limit
 * @param dailyShare percent of the org's daily API allowance (used by every integration) at which
 *     the router pauses its Salesforce calls
 */
@Validated
@ConfigurationProperties("router.sinks.salesforce")
public record SalesforceSettings(
        @NotNull(message = API_NAME) @Pattern(regexp = "[A-Za-z][A-Za-z0-9_]*", message = API_NAME)
        @DefaultValue("Vobiz_Contact_Id__c") String contactExternalIdField,
        @NotNull(message = NOT_NEGATIVE) @DurationMin(message = NOT_NEGATIVE)
        @DurationMax(seconds = 10, message = "must be at most 10s (each waiting upsert holds a dispatch place)")
        @DefaultValue("2s") Duration batchLinger,
        @Min(value = 0, message = NOT_NEGATIVE + " (0: no limit)") @DefaultValue("0") int rateLimit,
        @Min(value = 1, message = PERCENT) @Max(value = 100, message = PERCENT) @DefaultValue("80") int dailyShare) {

    private static final String API_NAME = "must be a Salesforce field API name such as Vobiz_Contact_Id__c";
    private static final String NOT_NEGATIVE = "must not be negative";
    private static final String PERCENT = "must be a percentage from 1 to 100";
}
