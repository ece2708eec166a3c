package com.vobizrouter.sink.salesforce;

import com.vobizrouter.dispatch.Mappings;
import com.vobizrouter.sink.EventJson;
import org.apache.camel.Exchange;

/**
 * The record an event becomes in Salesforce (bean {@code salesforceRecords}): what the mapping of
 * destination {@code salesforce} ({@code router.destinations.salesforce.mapping}, a jq program;
 * the shipped one makes today's Contact) gives for the event, checked by
 * {@link SalesforceRecord#of}. Which fields, which sObject and which External ID field are the
 * mapping's choice; the upsert itself is {@link SalesforceContactBatcher}'s.
 */
public class SalesforceRecords {

    /** The built-in destination whose mapping this is. */
    public static final String DESTINATION = "salesforce";

    private final Mappings mappings;

    public SalesforceRecords(Mappings mappings) {
        this.mappings = mappings;
    }

    /**
     * Body becomes the event's {@link SalesforceRecord}.
     *
     * @throws com.vobizrouter.dispatch.MappingException when the mapping fails on the event or gives no valid record
     */
    public void toRecord(Exchange exchange) {
        exchange.getIn().setBody(SalesforceRecord.of(mappings.apply(DESTINATION, Mappings.BODY, EventJson.view(exchange))));
    }
}
