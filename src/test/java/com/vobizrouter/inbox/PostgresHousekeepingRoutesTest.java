package com.vobizrouter.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.vobizrouter.testsupport.OnPostgres;

/**
 * The housekeeping routes on PostgreSQL: rows counted while a table has no statistics (estimated
 * once it has), and bytes on disk with indexes.
 */
@OnPostgres
class PostgresHousekeepingRoutesTest extends HousekeepingRoutesTest {

    @Override
    void assertSizes(JsonNode tables) {
        for (String table : new String[] {"inbox_event", "camel_messageprocessed"}) {
            JsonNode size = tables.at("/details/" + table);
            if ("counted".equals(size.get("rowsAre").asText())) {
                assertThat(size.get("rows").asLong()).as(table).isEqualTo(4);
            } else {
                assertThat(size.get("rowsAre").asText()).as(table).isEqualTo("estimated");
            }
            assertThat(size.get("bytes").asLong()).as(table + " with its indexes").isGreaterThanOrEqualTo(8192);
        }
    }
}
