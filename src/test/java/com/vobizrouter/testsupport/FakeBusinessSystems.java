package com.vobizrouter.testsupport;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;

/**
 * WireMock playing Salesforce (OAuth token and REST upsert) and Zendesk (users, tickets,
 * comments) for the real camel-salesforce and camel-zendesk components. Each test sets the
 * answers it needs; {@link #standardAnswers()} is the happy path, {@link #drillAnswers(int)} the
 * one with a Zendesk that remembers, for the fault drills. A test class gets one, started and
 * stopped for it, with {@link WithFakeBusinessSystems}.
 */
public final class FakeBusinessSystems implements AutoCloseable {

    /** sObject Collections upsert of Contacts keyed by the external id field. */
    public static final String CONTACT_COLLECTION = "/services/data/v56.0/composite/sobjects/Contact/Vobiz_Contact_Id__c";
    /** One successful result per record of the request, in order, as Salesforce answers. */
    public static final String ALL_RECORDS_SUCCEED = "[{{#each (jsonPath request.body '$.records') as |record|}}"
            + "{\"id\":\"0035g00000ABCDEAAA\",\"success\":true,\"errors\":[],\"created\":true}{{#unless @last}},{{/unless}}{{/each}}]";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final StatefulZendesk zendesk = new StatefulZendesk();
    // Enough threads for a router dispatching 32 events at once against answers that take a while.
    private final WireMockServer server = new WireMockServer(options().dynamicPort().containerThreads(100).extensions(zendesk));

    public FakeBusinessSystems() {
        server.start();
        standardAnswers();
    }

    /** The POST requests received on {@code path} with this {@code Idempotency-Key}, in order. */
    public List<com.github.tomakehurst.wiremock.verification.LoggedRequest> posts(String path, String idempotencyKey) {
        return server.findAll(com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(
                com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo(path))).stream()
                .filter(r -> idempotencyKey.equals(r.getHeader("Idempotency-Key"))).toList();
    }

    public WireMockServer server() {
        return server;
    }

    public String baseUrl() {
        return "http://localhost:" + server.port();
    }

    /** Router settings that point the Salesforce and Zendesk components at this fake. */
    public Map<String, String> routerProperties() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("camel.component.salesforce.login-url", baseUrl());
        properties.put("camel.component.salesforce.client-id", "fake-client-id");
        properties.put("camel.component.salesforce.client-secret", "fake-client-secret");
        properties.put("camel.component.salesforce.user-name", "integration@example.com");
        properties.put("camel.component.salesforce.password", "fake-password");
        properties.put("camel.component.salesforce.authentication-type", "USERNAME_PASSWORD");
        properties.put("camel.component.zendesk.server-url", baseUrl());
        properties.put("camel.component.zendesk.username", "agent@example.com");
        properties.put("camel.component.zendesk.token", "fake-zendesk-token");
        return properties;
    }

    /** A working Salesforce and a Zendesk with no ticket yet for anyone. */
    public void standardAnswers() {
        server.resetAll();
        server.stubFor(post(urlPathEqualTo("/services/oauth2/token")).willReturn(okJson("""
                {"access_token":"00Dfake!token","instance_url":"%s","id":"%s/id/00D000000000001AAA/005000000000001AAA",
                 "token_type":"Bearer","issued_at":"1700000000000","signature":"c2lnbmF0dXJl"}""".formatted(baseUrl(), baseUrl()))));
        server.stubFor(any(urlPathEqualTo(CONTACT_COLLECTION)).willReturn(contactsUpserted()));
        server.stubFor(post(urlPathEqualTo("/api/v2/users/create_or_update.json"))
                .willReturn(okJson("{\"user\":{\"id\":9001,\"name\":\"John Doe\",\"external_id\":\"vobiz-contact-cnt_xyz789\"}}")));
        server.stubFor(get(urlPathEqualTo("/api/v2/tickets.json")).inScenario("conversation")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(okJson("{\"tickets\":[],\"next_page\":null,\"count\":0}")));
        server.stubFor(post(urlPathEqualTo("/api/v2/tickets.json")).inScenario("conversation")
                .willSetStateTo("ticket open")
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody("{\"ticket\":{\"id\":501,\"status\":\"new\",\"external_id\":\"vobiz-conversation-cnt_xyz789\"}}")));
        server.stubFor(get(urlPathEqualTo("/api/v2/tickets.json")).inScenario("conversation")
                .whenScenarioStateIs("ticket open")
                .willReturn(okJson("{\"tickets\":[{\"id\":501,\"status\":\"open\",\"external_id\":\"vobiz-conversation-cnt_xyz789\"}],"
                        + "\"next_page\":null,\"count\":1}")));
        server.stubFor(get(urlPathEqualTo("/api/v2/tickets/501/comments.json"))
                .willReturn(okJson("{\"comments\":[],\"next_page\":null}")));
        server.stubFor(put(urlPathEqualTo("/api/v2/tickets/501.json"))
                .willReturn(okJson("{\"ticket\":{\"id\":501,\"status\":\"open\"}}")));
        server.stubFor(any(anyUrl()).atPriority(10).willReturn(aResponse().withStatus(404).withBody("{\"error\":\"not stubbed\"}")));
    }

    /**
     * For drills: a Salesforce whose Contact upserts succeed and a Zendesk that remembers users,
     * tickets and comments ({@link #zendesk()}), each answering after {@code latencyMillis}, so
     * deliveries are in flight when something breaks. The journal and the Zendesk state start empty.
     */
    public void drillAnswers(int latencyMillis) {
        server.resetAll();
        zendesk.clear();
        zendesk.latency(latencyMillis);
        server.stubFor(post(urlPathEqualTo("/services/oauth2/token")).willReturn(okJson("""
                {"access_token":"00Dfake!token","instance_url":"%s","id":"%s/id/00D000000000001AAA/005000000000001AAA",
                 "token_type":"Bearer","issued_at":"1700000000000","signature":"c2lnbmF0dXJl"}""".formatted(baseUrl(), baseUrl()))));
        server.stubFor(any(urlPathEqualTo(CONTACT_COLLECTION)).willReturn(contactsUpserted().withFixedDelay(latencyMillis)));
        server.stubFor(any(urlPathMatching("/api/v2/.*")).willReturn(aResponse().withTransformers(StatefulZendesk.NAME)));
        server.stubFor(post(urlPathEqualTo(DRILL_HOOK)).willReturn(aResponse().withStatus(200).withFixedDelay(latencyMillis)));
        server.stubFor(any(anyUrl()).atPriority(10).willReturn(aResponse().withStatus(404).withBody("{\"error\":\"not stubbed\"}")));
    }

    /** The path of the drills' {@code http} destination ({@link #drillAnswers} answers it 200). */
    public static final String DRILL_HOOK = "/drillhook";

    /**
     * From now on the drills' {@code http} destination ({@link #DRILL_HOOK}) answers {@code status}
     * (with {@code Retry-After} when given) at once, while Salesforce and Zendesk stay up, until the
     * returned outage is ended.
     */
    public Outage hookAnswers(int status, String retryAfter) {
        ResponseDefinitionBuilder answer = aResponse().withStatus(status).withBody("{\"error\":\"drill\"}");
        if (retryAfter != null) {
            answer.withHeader("Retry-After", retryAfter);
        }
        StubMapping hook = server.stubFor(post(urlPathEqualTo(DRILL_HOOK)).atPriority(1).willReturn(answer));
        return () -> server.removeStub(hook);
    }

    /** The requests the drills' {@code http} destination answered 200, by their {@code Idempotency-Key}. */
    public Map<String, Integer> hookDeliveries() {
        Map<String, Integer> counts = new HashMap<>();
        for (ServeEvent event : server.getAllServeEvents()) {
            if (event.getResponse() != null && event.getResponse().getStatus() == 200
                    && DRILL_HOOK.equals(URI.create(event.getRequest().getUrl()).getPath())) {
                counts.merge(event.getRequest().getHeader("Idempotency-Key"), 1, Integer::sum);
            }
        }
        return counts;
    }

    /** How many requests to the drills' {@code http} destination were answered {@code status}. */
    public long hookAnswered(int status) {
        return server.getAllServeEvents().stream().filter(event -> event.getResponse() != null && event.getResponse().getStatus() == status
                && DRILL_HOOK.equals(URI.create(event.getRequest().getUrl()).getPath())).count();
    }

    /** The Zendesk state behind {@link #drillAnswers(int)}. */
    public StatefulZendesk zendesk() {
        return zendesk;
    }

    /**
     * From now on Salesforce and Zendesk answer every call 503 after {@code answerAfterMillis},
     * login included, until the returned outage is ended; the stubs behind it keep their state.
     */
    public Outage unavailable(int answerAfterMillis) {
        StubMapping everything = server.stubFor(any(anyUrl()).atPriority(1).willReturn(aResponse().withStatus(503)
                .withFixedDelay(answerAfterMillis)
                .withHeader("Content-Type", "application/json").withBody("[{\"errorCode\":\"SERVER_UNAVAILABLE\",\"message\":\"down\"}]")));
        return () -> server.removeStub(everything);
    }

    /** An outage of the fakes that can be ended. */
    @FunctionalInterface
    public interface Outage {
        void end();
    }

    /**
     * Contact records per external id that Salesforce answered 200 for: the upserts that took
     * effect (calls answered 503 during an outage did not).
     */
    public Map<String, Integer> contactUpsertsTaken() {
        Map<String, Integer> counts = new HashMap<>();
        for (ServeEvent event : server.getAllServeEvents()) {
            if (event.getResponse() != null && event.getResponse().getStatus() == 200
                    && CONTACT_COLLECTION.equals(URI.create(event.getRequest().getUrl()).getPath())) {
                try {
                    JSON.readTree(event.getRequest().getBodyAsString()).path("records")
                            .forEach(record -> counts.merge(record.path("Vobiz_Contact_Id__c").asText(), 1, Integer::sum));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return counts;
    }

    /** The answer of a collection upsert in which every record succeeded. */
    public static ResponseDefinitionBuilder contactsUpserted() {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody(ALL_RECORDS_SUCCEED).withTransformers("response-template");
    }

    /** Every Contact record Salesforce was asked to upsert, in order: external id → fields sent. */
    public List<JsonNode> contactRecords() {
        List<JsonNode> records = new ArrayList<>();
        for (LoggedRequest request : server.findAll(anyRequestedFor(urlPathEqualTo(CONTACT_COLLECTION)))) {
            try {
                JSON.readTree(request.getBodyAsString()).path("records").forEach(records::add);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return records;
    }

    /** How many collection calls Salesforce received. */
    public int contactCalls() {
        return server.findAll(anyRequestedFor(urlPathEqualTo(CONTACT_COLLECTION))).size();
    }

    @Override
    public void close() {
        server.stop();
    }
}
