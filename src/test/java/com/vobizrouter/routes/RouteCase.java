package com.vobizrouter.routes;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One case of a YAML route test ({@code routes/tests/*.yaml}): events in, and what each
 * destination and table must hold afterwards.
 *
 * @param file      the case file, as the report names it
 * @param name      what the case proves
 * @param events    the events posted, in order (the SPEC's envelope; their ids made unique per run)
 * @param setup     per sql destination, statements run on its database before the events
 * @param expected  per destination: {@code nothing}, a number of calls, or the calls in order
 * @param tables    per table of the router's database: rows that must be there
 * @param databases per sql destination: per table of its database, rows that must be there
 */
record RouteCase(String file, String name, List<JsonNode> events, Map<String, List<String>> setup, Map<String, JsonNode> expected,
        Map<String, JsonNode> tables, Map<String, Map<String, JsonNode>> databases) {

    @Override
    public String toString() {
        return file + " › " + name;
    }
}
