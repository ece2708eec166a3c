package com.vobizrouter.sink.salesforce;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.vobizrouter.batch.BatchingService;
import com.vobizrouter.batch.MicroBatcher;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import com.vobizrouter.sink.SinkApiCalls;

/**
 * Groups Contact upserts into sObject Collections calls (up to 200 records each) so a burst of
 * contact.updated events does not spend one API call per event: Salesforce's daily API limit is
 * what users run into first.
 *
 * <p>Each event's exchange hands its record over and waits for that record's own result, so the
 * dispatch route keeps its one-event semantics (retry, dead letter) while the calls are shared.
 * A batch is sent when it is full or {@code linger} after its first record, whichever comes
 * first; a record whose external id is already waiting starts a new batch, as Salesforce refuses
 * one id twice in a call. The call is {@code PATCH /composite/sobjects/Contact/<field>} through
 * the route {@code direct:salesforce-contact-collection} (camel-salesforce, raw JSON), with
 * {@code allOrNone=false}: one bad record fails alone.
 *
 * <p>The batches are formed and sent by a {@link MicroBatcher} whose four writers share one
 * queue: up to four calls are under way while the next batch fills. A Camel service, started and
 * stopped with the CamelContext; stopping sends what is waiting.
 */
public class SalesforceContactBatcher extends BatchingService {

    public static final int MAX_RECORDS = 200;
    private static final int SENDERS = 4;
    private static final Duration WAIT_FOR_RESULT = Duration.ofMinutes(2);

    private final ProducerTemplate producer;
    private final SinkApiCalls calls;
    private final SalesforceDailyBudget dailyBudget;
    private final String externalIdField;
    private final String path;
    private final ObjectMapper json;
    private final MicroBatcher<Contact, Void> batcher;

    private record Contact(String externalId, Map<String, Object> fields) {
    }

    public SalesforceContactBatcher(ProducerTemplate producer, String externalIdField, String apiVersion, Duration linger,
            ObjectMapper json, SinkApiCalls calls, SalesforceDailyBudget dailyBudget) {
        this.producer = producer;
        this.json = json;
        this.dailyBudget = dailyBudget;
        this.calls = calls;
        this.externalIdField = externalIdField;
        this.path = "/services/data/v" + apiVersion + "/composite/sobjects/Contact/" + externalIdField;
        this.batcher = owned(MicroBatcher.<Contact, Void>builder(producer.getCamelContext(), "salesforce-batch", MAX_RECORDS, this::send)
                .writers(SENDERS)
                .linger(linger)
                .cutBefore((batch, next) -> batch.stream().anyMatch(waiting -> waiting.externalId().equals(next.externalId())))
                .build());
    }

    /**
     * Upserts the Contact of this exchange (body: field map, header {@code sObjectIdValue}: the
     * external id) as part of a batch and returns once Salesforce answered for it.
     */
    @SuppressWarnings("unchecked")
    public void upsert(Exchange exchange) throws Exception {
        String externalId = exchange.getIn().getHeader("sObjectIdValue", String.class);
        Map<String, Object> fields = exchange.getIn().getBody(Map.class);
        try {
            batcher.submit(new Contact(externalId, fields)).get(WAIT_FOR_RESULT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        } catch (TimeoutException e) {
            throw new TimeoutException("no answer from the Salesforce batch within " + WAIT_FOR_RESULT);
        }
    }

    /** One call for the batch; a failed call fails every record in it. */
    private void send(MicroBatcher.Batch<Contact, Void> batch) throws Exception {
        Exchange answer = producer.request("direct:salesforce-contact-collection", exchange -> {
            exchange.getIn().setHeader("rawPath", path);
            exchange.getIn().setBody(requestBody(batch.items()));
        });
        calls.count("salesforce", "upsertContacts", answer.getException());
        dailyBudget.observe(answer.getMessage().getHeader("Sforce-Limit-Info", String.class));
        if (answer.getException() != null) {
            throw answer.getException();
        }
        JsonNode results = json.readTree(answer.getMessage().getBody(String.class));
        List<MicroBatcher.Waiter<Contact, Void>> records = batch.waiters();
        for (int i = 0; i < records.size(); i++) {
            JsonNode result = results.path(i);
            if (result.path("success").asBoolean(false)) {
                records.get(i).complete(null);
            } else {
                records.get(i).fail(recordError(result));
            }
        }
    }

    private String requestBody(List<Contact> contacts) throws JsonProcessingException {
        List<Map<String, Object>> list = new ArrayList<>();
        for (Contact contact : contacts) {
            Map<String, Object> record = new LinkedHashMap<>();
            record.put("attributes", Map.of("type", "Contact"));
            record.put(externalIdField, contact.externalId());
            record.putAll(contact.fields());
            list.add(record);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("allOrNone", false);
        body.put("records", list);
        return json.writeValueAsString(body);
    }

    private static SalesforceRecordException recordError(JsonNode result) {
        List<String> codes = new ArrayList<>();
        List<String> messages = new ArrayList<>();
        for (JsonNode error : result.path("errors")) {
            codes.add(error.path("statusCode").asText("UNKNOWN"));
            messages.add(error.path("message").asText(""));
        }
        if (codes.isEmpty()) {
            codes.add("NO_RESULT");
            messages.add("Salesforce returned no result for the record");
        }
        return new SalesforceRecordException(String.join(",", codes), String.join("; ", messages), result.toString());
    }
}
