package com.vobizrouter.sink.salesforce;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import com.vobizrouter.sink.EventJson;

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
 */
public class SalesforceContactBatcher implements AutoCloseable {

    public static final int MAX_RECORDS = 200;
    private static final Duration WAIT_FOR_RESULT = Duration.ofMinutes(2);

    private final ProducerTemplate producer;
    private final String externalIdField;
    private final String path;
    private final Duration linger;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(named("salesforce-batch-timer"));
    private final ExecutorService senders = Executors.newFixedThreadPool(4, named("salesforce-batch"));
    private final Object lock = new Object();
    private List<Pending> batch = new ArrayList<>();
    private ScheduledFuture<?> scheduled;

    private record Pending(String externalId, Map<String, Object> fields, CompletableFuture<Void> result) {
    }

    public SalesforceContactBatcher(ProducerTemplate producer, String externalIdField, String apiVersion, Duration linger) {
        this.producer = producer;
        this.externalIdField = externalIdField;
        this.path = "/services/data/v" + apiVersion + "/composite/sobjects/Contact/" + externalIdField;
        this.linger = linger;
    }

    /**
     * Upserts the Contact of this exchange (body: field map, header {@code sObjectIdValue}: the
     * external id) as part of a batch and returns once Salesforce answered for it.
     */
    @SuppressWarnings("unchecked")
    public void upsert(Exchange exchange) throws Exception {
        String externalId = exchange.getIn().getHeader("sObjectIdValue", String.class);
        Map<String, Object> fields = exchange.getIn().getBody(Map.class);
        CompletableFuture<Void> result = new CompletableFuture<>();
        enqueue(new Pending(externalId, fields, result));
        try {
            result.get(WAIT_FOR_RESULT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        } catch (TimeoutException e) {
            throw new TimeoutException("no answer from the Salesforce batch within " + WAIT_FOR_RESULT);
        }
    }

    private void enqueue(Pending pending) {
        List<List<Pending>> ready = new ArrayList<>();
        synchronized (lock) {
            if (batch.stream().anyMatch(p -> p.externalId().equals(pending.externalId()))) {
                ready.add(takeBatch());
            }
            batch.add(pending);
            if (batch.size() >= MAX_RECORDS) {
                ready.add(takeBatch());
            } else if (scheduled == null) {
                scheduled = timer.schedule(this::flushScheduled, linger.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
        ready.forEach(this::sendLater);
    }

    private void flushScheduled() {
        List<Pending> due;
        synchronized (lock) {
            scheduled = null;
            due = takeBatch();
        }
        sendLater(due);
    }

    /** Must hold the lock. */
    private List<Pending> takeBatch() {
        List<Pending> taken = batch;
        batch = new ArrayList<>();
        if (scheduled != null) {
            scheduled.cancel(false);
            scheduled = null;
        }
        return taken;
    }

    private void sendLater(List<Pending> records) {
        if (!records.isEmpty()) {
            senders.execute(() -> send(records));
        }
    }

    private void send(List<Pending> records) {
        try {
            Exchange answer = producer.request("direct:salesforce-contact-collection", exchange -> {
                exchange.getIn().setHeader("rawPath", path);
                exchange.getIn().setBody(requestBody(records));
            });
            if (answer.getException() != null) {
                fail(records, answer.getException());
                return;
            }
            JsonNode results = EventJson.MAPPER.readTree(answer.getMessage().getBody(String.class));
            for (int i = 0; i < records.size(); i++) {
                JsonNode result = results.path(i);
                if (result.path("success").asBoolean(false)) {
                    records.get(i).result().complete(null);
                } else {
                    records.get(i).result().completeExceptionally(recordError(result));
                }
            }
        } catch (RuntimeException | JsonProcessingException e) {
            fail(records, e);
        }
    }

    private String requestBody(List<Pending> records) throws JsonProcessingException {
        List<Map<String, Object>> list = new ArrayList<>();
        for (Pending pending : records) {
            Map<String, Object> record = new LinkedHashMap<>();
            record.put("attributes", Map.of("type", "Contact"));
            record.put(externalIdField, pending.externalId());
            record.putAll(pending.fields());
            list.add(record);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("allOrNone", false);
        body.put("records", list);
        return EventJson.MAPPER.writeValueAsString(body);
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

    private static void fail(List<Pending> records, Throwable failure) {
        records.forEach(pending -> pending.result().completeExceptionally(failure));
    }

    private static java.util.concurrent.ThreadFactory named(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    @Override
    public void close() {
        timer.shutdownNow();
        senders.shutdownNow();
    }
}
