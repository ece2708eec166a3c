package com.vobizrouter.drills;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;

import com.vobizrouter.testsupport.FakeBusinessSystems;
import com.vobizrouter.testsupport.Postgres;

/**
 * A drill's length and load, from system properties so that one command runs the long version
 * ({@code bench/drill.sh}) while CI runs the short defaults:
 *
 * <ul>
 *   <li>{@code drill.seconds}: how long the load runs;</li>
 *   <li>{@code drill.outage-seconds}: how long the fault lasts, in the outage drills;</li>
 *   <li>{@code drill.rate}: new events per second offered;</li>
 *   <li>{@code drill.postgres.admin-url}: the PostgreSQL server a drill creates its fresh
 *       database on (default: the tests' server, {@link Postgres#URL}).</li>
 * </ul>
 */
final class DrillSettings {

    private DrillSettings() {
    }

    static int seconds(int shortDefault) {
        return Integer.getInteger("drill.seconds", shortDefault);
    }

    static int outageSeconds(int shortDefault) {
        return Integer.getInteger("drill.outage-seconds", shortDefault);
    }

    static int rate(int shortDefault) {
        return Integer.getInteger("drill.rate", shortDefault);
    }

    /** Customers writing in at {@code rate} events/s: each writes about every 3.5 s, a brisk chat. */
    static int conversations(int rate) {
        return Math.max(10, rate / 2);
    }

    static String postgresAdminUrl() {
        return System.getProperty("drill.postgres.admin-url", Postgres.URL);
    }

    /** A fresh database for one drill, on the drill's PostgreSQL server. */
    static String freshDatabase(String drill) {
        return Postgres.newDatabaseUrl(postgresAdminUrl(), drill.replace('-', '_'));
    }

    /**
     * Settings for a router of a drill: the fakes as Salesforce and Zendesk and as an {@code http}
     * destination {@code drillhook} subscribed to every event, and the drill's database (a map the
     * drill may add to). The pool opens connections as load needs them rather
     * than all 40 at start: the server's 100 connections are shared with the rest of the test run,
     * and two routers holding 40 each left none ("too many clients already").
     */
    static Map<String, String> routerProperties(FakeBusinessSystems fakes, String jdbcUrl) {
        Map<String, String> properties = new HashMap<>(fakes.routerProperties());
        properties.put("spring.datasource.url", jdbcUrl);
        properties.put("spring.datasource.username", Postgres.USER);
        properties.put("spring.datasource.password", Postgres.PASSWORD);
        properties.put("spring.datasource.hikari.minimum-idle", "4");
        // A business system of kind http beside the built-in ones, taking every event.
        properties.put("router.destinations.drillhook.kind", "http");
        properties.put("router.destinations.drillhook.url", fakes.baseUrl() + FakeBusinessSystems.DRILL_HOOK);
        properties.put("router.destinations.drillhook.events", "*");
        return properties;
    }

    /**
     * The Zendesk budget of a deployment whose plan fits the drills' load: a seventh of the events
     * are customer messages (14 a second in the long drills at 100 events/s, each one or two
     * Zendesk calls), more than the shipped 400 calls a minute (a Growth plan's share) let through,
     * so with it the Zendesk backlog would grow for the whole drill by design. 2,000 a minute is
     * the README's share of a High Volume plan; the budget's own behaviour has tests of its own.
     */
    static void zendeskPlanForTheLoad(Map<String, String> properties) {
        properties.put("router.sinks.zendesk.rate-limit", "2000");
    }

    /** The address of the webhook route of a router listening on {@code port}. */
    static URI webhook(int port) {
        return URI.create("http://127.0.0.1:" + port + "/webhooks/vobiz");
    }
}
