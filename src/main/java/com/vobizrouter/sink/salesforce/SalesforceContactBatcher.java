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
 * Groups record upserts into sObject Collections calls (up to 200 records each) so a burst of
 * contact.updated events does not spend one API call per event: Salesforce's daily API limit is
 * what users run into first. The records are what the mapping of destination {@code salesforce}
 * made ({@link SalesforceRecord}: any sObject, any External ID field, any fields); this class only
 * sends them.
 *
 * <p>Each event's exchange hands its record over and waits for that record's own result, so the
 * dispatch route keeps its one-event semantics (retry, dead letter) while the calls are shared.
 * A batch is sent when it is full or {@code linger} after its first record, whichever comes
 * first; a record whose sObject and external id are already waiting starts a new batch, as
 * Salesforce refuses one id twice in a call. A batch's records are grouped by sObject and External
 * ID field, one call a group: {@code PATCH /composite/sobjects/<sObject>/<field>} through the
 * route {@code direct:salesforce-contact-collection} (camel-salesforce, raw JSON), with
 * {@code allOrNone=false}: one bad record fails alone, and a failed call fails its group's
 * records only.
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
    private final String collections;
    private final ObjectMapper json;
    private final MicroBatcher<SalesforceRecord, Void> batcher;

    /** The records of one call: one sObject, one External ID field. */
    private record Group(String sObject, String externalIdField) {
    }

    public SalesforceContactBatcher(ProducerTemplate producer, String apiVersion, Duration linger, ObjectMapper json, SinkApiCalls calls,
            SalesforceDailyBudget dailyBudget) {
        this.producer = producer;
        this.json = json;
        this.dailyBudget = dailyBudget;
        this.calls = calls;
        this.collections = "/services/data/v" + apiVersion + "/composite/sobjects/";
        this.batcher = owned(MicroBatcher.<SalesforceRecord, Void>builder(producer.getCamelContext(), "salesforce-batch", MAX_RECORDS,
                        this::send)
                .writers(SENDERS)
                .linger(linger)
                .cutBefore((batch, next) -> batch.stream().anyMatch(waiting -> waiting.sObject().equals(next.sObject())
                        && waiting.externalId().equals(next.externalId())))
                .build());
    }

    /**
     * Upserts the record of this exchange (body: a {@link SalesforceRecord}) as part of a batch
     * and returns once Salesforce answered for it.
     */
    public void upsert(Exchange exchange) throws Exception {
        SalesforceRecord record = exchange.getIn().getBody(SalesforceRecord.class);
        try {
            batcher.submit(record).get(WAIT_FOR_RESULT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        } catch (TimeoutException e) {
            throw new TimeoutException("no answer from the Salesforce batch within " + WAIT_FOR_RESULT);
        }
    }

    /** One call for each group of the batch; a failed call fails every record of its group. */
    private void send(MicroBatcher.Batch<SalesforceRecord, Void> batch) {
        Map<Group, List<MicroBatcher.Waiter<SalesforceRecord, Void>>> groups = new LinkedHashMap<>();
        for (MicroBatcher.Waiter<SalesforceRecord, Void> waiter : batch.waiters()) {
            groups.computeIfAbsent(new Group(waiter.item().sObject(), waiter.item().externalIdField()), group -> new ArrayList<>())
                    .add(waiter);
        }
        groups.forEach((group, records) -> {
            try {
                send(group, records);
            } catch (Exception failed) {
                records.forEach(record -> record.fail(failed));
            }
        });
    }

    private void send(Group group, List<MicroBatcher.Waiter<SalesforceRecord, Void>> records) throws Exception {
        String body = requestBody(group, records);
        Exchange answer = producer.request("direct:salesforce-contact-collection", exchange -> {
            exchange.getIn().setHeader("rawPath", collections + group.sObject() + "/" + group.externalIdField());
            exchange.getIn().setBody(body);
        });
        calls.count("salesforce", "Contact".equals(group.sObject()) ? "upsertContacts" : "upsertRecords", answer.getException());
        dailyBudget.observe(answer.getMessage().getHeader("Sforce-Limit-Info", String.class));
        if (answer.getException() != null) {
            throw answer.getException();
        }
        JsonNode results = json.readTree(answer.getMessage().getBody(String.class));
        for (int i = 0; i < records.size(); i++) {
            JsonNode result = results.path(i);
            if (result.path("success").asBoolean(false)) {
                records.get(i).complete(null);
            } else {
                records.get(i).fail(recordError(result));
            }
        }
    }

    private String requestBody(Group group, List<MicroBatcher.Waiter<SalesforceRecord, Void>> records) throws JsonProcessingException {
        List<Map<String, Object>> list = new ArrayList<>();
        for (MicroBatcher.Waiter<SalesforceRecord, Void> waiting : records) {
            SalesforceRecord record = waiting.item();
            Map<String, Object> sent = new LinkedHashMap<>();
            sent.put("attributes", Map.of("type", group.sObject()));
            sent.put(group.externalIdField(), record.externalId());
            sent.putAll(record.fields());
            list.add(sent);
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
