package com.vobizrouter.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.vobizrouter.testsupport.OnH2;

/** The housekeeping routes on the embedded default database (H2), which counts rows exactly and says no sizes on disk. */
@OnH2
class H2HousekeepingRoutesTest extends HousekeepingRoutesTest {

    @Override
    void assertSizes(JsonNode tables) {
        assertThat(tables.at("/details/inbox_event/rows").asLong()).isEqualTo(4);
        assertThat(tables.at("/details/inbox_event/rowsAre").asText()).isEqualTo("counted");
        assertThat(tables.at("/details/camel_messageprocessed/rows").asLong()).isEqualTo(4);
        assertThat(tables.at("/details/inbox_event/bytes").isMissingNode()).isTrue();
    }
}
