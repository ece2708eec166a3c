package com.vobizrouter.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.vobizrouter.testsupport.RouterTest;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalManagementPort;

/**
 * What every answer of the admin API and the console carries, over real HTTP: an admin token
 * holding quotes and expression characters starts the router and works, never printed; every kind
 * of answer (console page, its script and style, JSON, OpenAPI, the 401 and the 404s) is not
 * cached, not sniffed and not framed; the console runs no inline script; and wrong tokens past
 * the minute's budget are slowed down while the right one passes at once.
 */
@ExtendWith(OutputCaptureExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@RouterTest({
    "router.webhook.secrets=whsec_admin_answers",
    "router.admin.token=" + AdminAnswersTest.TOKEN,
    "router.admin.failed-logins-per-minute=" + AdminAnswersTest.FAILURES_A_MINUTE
})
class AdminAnswersTest {

    /** Quotes, a SpEL template, a placeholder that names no setting and a brace: all of them part of the token. */
    static final String TOKEN = "it's a \"t0ken\" #{1+1} ${no.such.setting} }-with-length";

    static final int FAILURES_A_MINUTE = 5;

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @LocalManagementPort
    int managementPort;

    @Test
    @Order(1)
    void startsWithATokenHoldingQuotesAndExpressionCharactersAndTakesItAsTheBearerTokenWithoutPrintingIt(CapturedOutput output)
            throws Exception {
        assertThat(get("/admin/sources", "Bearer " + TOKEN).statusCode()).isEqualTo(200);
        assertThat(get("/admin/sources", "Bearer " + TOKEN.replace("'", "")).statusCode()).isEqualTo(401);

        assertThat(output.getAll()).as("the start-up log").isNotEmpty().doesNotContain(TOKEN).doesNotContain("#{1+1}")
                .doesNotContain("no.such.setting");
    }

    @Test
    @Order(2)
    void putsNoStoreNosniffAndNoFramingOnEveryKindOfAdminAnswer() throws Exception {
        List<Object[]> calls = List.of(
                new Object[] {"/console", null, 200},
                new Object[] {"/console.js", null, 200},
                new Object[] {"/console.css", null, 200},
                new Object[] {"/admin/events", "Bearer " + TOKEN, 200},
                new Object[] {"/admin/openapi.json", "Bearer " + TOKEN, 200},
                new Object[] {"/admin/events", null, 401},
                new Object[] {"/admin/events/no-such-event", "Bearer " + TOKEN, 404},
                new Object[] {"/admin/no-such-thing", "Bearer " + TOKEN, 404});
        for (Object[] call : calls) {
            HttpResponse<String> answer = get((String) call[0], (String) call[1]);
            String what = call[0] + " with " + (call[1] == null ? "no token" : "the token");
            assertThat(answer.statusCode()).as(what).isEqualTo(call[2]);
            assertThat(answer.headers().firstValue("Cache-Control")).as(what).hasValue("no-store");
            assertThat(answer.headers().firstValue("X-Content-Type-Options")).as(what).hasValue("nosniff");
            assertThat(answer.headers().firstValue("X-Frame-Options")).as(what).hasValue("DENY");
            assertThat(answer.headers().allValues("Content-Security-Policy")).as(what).hasSize(1)
                    .allSatisfy(policy -> assertThat(policy).contains("frame-ancestors 'none'"));
        }
    }

    @Test
    @Order(3)
    void letsTheConsoleRunOnlyItsScriptFileNoInlineScript() throws Exception {
        HttpResponse<String> console = get("/console", null);
        String policy = console.headers().firstValue("Content-Security-Policy").orElseThrow();
        Matcher scripts = Pattern.compile("script-src ([^;]*)").matcher(policy);
        assertThat(scripts.find()).as(policy).isTrue();
        assertThat(scripts.group(1).trim()).isEqualTo("'self'");
        assertThat(policy).doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
        assertThat(console.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));

        assertThat(Pattern.compile("<script(?![^>]*\\bsrc=)").matcher(console.body()).find()).as("an inline script").isFalse();
        assertThat(Pattern.compile("<[^>]*\\son[a-z]+\\s*=", Pattern.CASE_INSENSITIVE).matcher(console.body()).find())
                .as("an inline event handler").isFalse();
        assertThat(console.body()).contains("<script src=\"console.js\"></script>").doesNotContain("<style");
        HttpResponse<String> script = get("/console.js", null);
        assertThat(script.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/javascript"));
        assertThat(script.body()).contains("async function refresh()");
    }

    @Test
    @Order(4)
    void slowsDownWrongTokensPastTheMinutesBudgetButNeverTheRightOne() throws Exception {
        HttpResponse<String> wrong = null;
        // The budget is a calendar minute's: should the minute turn during the loop, the next one's
        // budget is spent within as many requests again.
        for (int i = 0; i <= 2 * FAILURES_A_MINUTE + 1 && (wrong == null || wrong.statusCode() == 401); i++) {
            wrong = get("/admin/events", "Bearer wrong-" + i);
        }
        assertThat(wrong.statusCode()).as("past the budget of all callers together").isEqualTo(429);

        long start = System.nanoTime();
        HttpResponse<String> slowed = get("/admin/events", "Bearer wrong-again");
        Duration slowedTook = Duration.ofNanos(System.nanoTime() - start);
        start = System.nanoTime();
        HttpResponse<String> right = get("/admin/events", "Bearer " + TOKEN);
        Duration rightTook = Duration.ofNanos(System.nanoTime() - start);

        assertThat(slowed.statusCode()).isEqualTo(429);
        assertThat(slowed.headers().firstValue("Retry-After")).hasValueSatisfying(seconds ->
                assertThat(Integer.parseInt(seconds)).isBetween(1, 60));
        assertThat(slowed.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(slowedTook).as("held back").isGreaterThanOrEqualTo(AdminTokenFilter.HOLD.minusMillis(50));
        assertThat(right.statusCode()).isEqualTo(200);
        assertThat(rightTook).as("the right token is not held").isLessThan(AdminTokenFilter.HOLD.dividedBy(2));
    }

    private HttpResponse<String> get(String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + path))
                .timeout(Duration.ofSeconds(10)).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
