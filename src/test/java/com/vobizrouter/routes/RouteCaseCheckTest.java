package com.vobizrouter.routes;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;

/** How a YAML route case is read and judged, without a router: a wrong expectation fails with the difference. */
@Tag("routes")
class RouteCaseCheckTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final RouteCase CASE = new RouteCase("routes/tests/x.test.yaml", "a slack alert", List.of(), Map.of(), Map.of(),
            Map.of(), Map.of());

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    @Test
    void aCallWithEveryExpectedFieldPassesWhateverElseItHas() throws Exception {
        assertThatCode(() -> RouteCasesTest.check(CASE, "slack", json("[{\"body\":{\"text\":\"hi\"}}]"),
                List.of(json("{\"method\":\"POST\",\"body\":{\"text\":\"hi\",\"extra\":1}}")))).doesNotThrowAnyException();
    }

    @Test
    void aWrongExpectationFailsNamingFileCaseDestinationExpectedAndReceived() throws Exception {
        assertThatThrownBy(() -> RouteCasesTest.check(CASE, "slack", json("[{\"body\":{\"text\":\"hello\"}}]"),
                List.of(json("{\"method\":\"POST\",\"body\":{\"text\":\"hi\"}}"))))
                .isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining("routes/tests/x.test.yaml")
                .hasMessageContaining("case:        a slack alert")
                .hasMessageContaining("destination: slack")
                .hasMessageContaining("call.body.text: expected \"hello\", received \"hi\"");
    }

    @Test
    void nothingFailsWhenACallWasMadeAndACountMustMatch() throws Exception {
        assertThatThrownBy(() -> RouteCasesTest.check(CASE, "zendesk", json("\"nothing\""), List.of(json("{\"method\":\"POST\"}"))))
                .hasMessageContaining("expected:    nothing");
        assertThatThrownBy(() -> RouteCasesTest.check(CASE, "zendesk", json("2"), List.of(json("{\"method\":\"POST\"}"))))
                .hasMessageContaining("expected:    2 call(s)").hasMessageContaining("received:    1 call(s)");
    }

    @Test
    void expectedRowsMustEachBeInTheTable() throws Exception {
        assertThatCode(() -> RouteCasesTest.rows(CASE, "table message_status", json("[{\"status\":\"read\"}]"),
                List.of(Map.of("STATUS", "read", "MESSAGE_ID", "m1")))).doesNotThrowAnyException();
        assertThatThrownBy(() -> RouteCasesTest.rows(CASE, "table message_status", json("[{\"status\":\"delivered\"}]"),
                List.of(Map.of("STATUS", "read")))).hasMessageContaining("destination: table message_status")
                .hasMessageContaining("expected an element like {\"status\":\"delivered\"}");
    }

    @Test
    void aCaseFileWithoutCasesOrACaseWithoutEventsIsRefusedNamingIt(@TempDir Path dir) throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.test.yaml"), "cases: []\n");
        Path noEvents = Files.writeString(dir.resolve("none.test.yaml"), "cases:\n  - name: nothing sent\n");

        assertThatThrownBy(() -> RouteCasesTest.read(empty)).hasMessageContaining("empty.test.yaml: no cases");
        assertThatThrownBy(() -> RouteCasesTest.read(noEvents)).hasMessageContaining("none.test.yaml › nothing sent: no events");
    }
}
