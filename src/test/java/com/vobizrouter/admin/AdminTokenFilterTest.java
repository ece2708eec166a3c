package com.vobizrouter.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;

import com.vobizrouter.testsupport.SettableClock;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/**
 * The admin API's bearer token check on its own: which Authorization headers pass, what a
 * refused request gets back, and how wrong tokens past the minute's budget are slowed down while
 * the right one never is.
 */
class AdminTokenFilterTest {

    private static final String TOKEN = "admin-token-for-tests";

    private final AdminTokenFilter filter = new AdminTokenFilter(TOKEN, 10, java.time.Clock.systemUTC());

    @Test
    void letsARequestWithTheRightBearerTokenThrough() throws Exception {
        MockFilterChain chain = filter("GET", "/admin/events", "Bearer " + TOKEN);

        assertThat(chain.getRequest()).as("passed on").isNotNull();
    }

    @Test
    void toleratesSpacesAroundTheToken() throws Exception {
        assertThat(filter("GET", "/admin/events", "Bearer   " + TOKEN + " ").getRequest()).isNotNull();
    }

    @Test
    void refusesARequestWithoutAuthorizationWith401AndTheBearerChallenge() throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        MockFilterChain chain = new MockFilterChain();

        filter.doFilter(new MockHttpServletRequest("POST", "/admin/replay"), response, chain);

        assertThat(chain.getRequest()).as("not passed on").isNull();
        assertThat(response.getStatus()).isEqualTo(401);
        assertThat(response.getHeader("WWW-Authenticate")).isEqualTo("Bearer");
        assertThat(response.getContentType()).startsWith("application/json");
        assertThat(response.getContentAsString()).isEqualTo("{\"error\":\"missing or wrong bearer token\"}");
    }

    @Test
    void refusesAWrongTokenOfTheSameLength() throws Exception {
        String sameLength = "admin-token-for-testz";
        assertThat(sameLength).hasSameSizeAs(TOKEN);

        assertThat(filter("GET", "/admin/events", "Bearer " + sameLength).getRequest()).isNull();
    }

    @Test
    void refusesAPrefixOrAnExtensionOfTheToken() throws Exception {
        assertThat(filter("GET", "/admin/events", "Bearer " + TOKEN.substring(0, TOKEN.length() - 1)).getRequest()).isNull();
        assertThat(filter("GET", "/admin/events", "Bearer " + TOKEN + "x").getRequest()).isNull();
        assertThat(filter("GET", "/admin/events", "Bearer ").getRequest()).isNull();
    }

    @Test
    void refusesTheTokenUnderAnotherSchemeOrWithoutOne() throws Exception {
        assertThat(filter("GET", "/admin/events", "Basic " + TOKEN).getRequest()).isNull();
        assertThat(filter("GET", "/admin/events", "bearer " + TOKEN).getRequest()).isNull();
        assertThat(filter("GET", "/admin/events", TOKEN).getRequest()).isNull();
    }

    @Test
    void cannotBeBuiltWithABlankToken() {
        assertThatThrownBy(() -> new AdminTokenFilter(" ", 10, java.time.Clock.systemUTC())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AdminTokenFilter(null, 10, java.time.Clock.systemUTC())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void answersWrongTokensPastTheMinutesBudgetWith429AfterHoldingThemBackWithoutAThread() throws Exception {
        SettableClock clock = new SettableClock(Instant.parse("2026-03-19T10:30:15Z"));
        AdminTokenFilter budgeted = new AdminTokenFilter(TOKEN, 3, clock);
        for (int i = 0; i < 3; i++) {
            assertThat(attempt(budgeted, "Bearer wrong-" + i).getStatus()).as("within the budget").isEqualTo(401);
        }

        MockHttpServletResponse slowed = attempt(budgeted, "Bearer wrong-3");

        assertThat(answered(slowed)).as("held back").isFalse();
        await().atMost(Duration.ofSeconds(5)).until(() -> answered(slowed));
        assertThat(slowed.getStatus()).isEqualTo(429);
        assertThat(slowed.getHeader("Retry-After")).as("the rest of the minute").isEqualTo("45");
        assertThat(slowed.getContentAsString()).isEqualTo("{\"error\":\"too many failed admin logins, retry later\"}");
        budgeted.destroy();
    }

    @Test
    void letsTheRightTokenThroughAtOnceWhileWrongOnesAreSlowedDown() throws Exception {
        SettableClock clock = new SettableClock(Instant.parse("2026-03-19T10:30:15Z"));
        AdminTokenFilter budgeted = new AdminTokenFilter(TOKEN, 1, clock);
        attempt(budgeted, "Bearer wrong");
        attempt(budgeted, "Bearer wrong");

        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/admin/events");
        request.setAsyncSupported(true);
        request.addHeader("Authorization", "Bearer " + TOKEN);
        MockFilterChain chain = new MockFilterChain();
        budgeted.doFilter(request, new MockHttpServletResponse(), chain);

        assertThat(chain.getRequest()).as("passed on").isNotNull();
        assertThat(request.isAsyncStarted()).isFalse();
        budgeted.destroy();
    }

    @Test
    void countsTheFailuresOfEachMinuteAfresh() throws Exception {
        SettableClock clock = new SettableClock(Instant.parse("2026-03-19T10:30:59Z"));
        AdminTokenFilter budgeted = new AdminTokenFilter(TOKEN, 1, clock);
        assertThat(attempt(budgeted, "Bearer wrong").getStatus()).isEqualTo(401);
        assertThat(answered(attempt(budgeted, null))).as("held back").isFalse();

        clock.advance(Duration.ofSeconds(1));

        assertThat(attempt(budgeted, "Bearer wrong").getStatus()).isEqualTo(401);
        budgeted.destroy();
    }

    @Test
    void answers429AtOnceWhenAsManyRefusalsAreHeldBackAsItHolds() throws Exception {
        AdminTokenFilter budgeted = new AdminTokenFilter(TOKEN, 1, new SettableClock(Instant.parse("2026-03-19T10:30:00Z")));
        attempt(budgeted, "Bearer wrong");
        for (int i = 0; i < AdminTokenFilter.MAX_HELD; i++) {
            attempt(budgeted, "Bearer wrong");
        }

        MockHttpServletResponse atOnce = attempt(budgeted, "Bearer wrong");

        assertThat(answered(atOnce)).isTrue();
        assertThat(atOnce.getStatus()).isEqualTo(429);
        assertThat(atOnce.getHeader("Retry-After")).isEqualTo("60");
        budgeted.destroy();
    }

    private static boolean answered(MockHttpServletResponse response) {
        return response.getContentAsByteArray().length > 0;
    }

    /** One request to {@code budgeted}, which may hold it back (async supported, as on Tomcat). */
    private static MockHttpServletResponse attempt(AdminTokenFilter budgeted, String authorization) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/admin/events");
        request.setAsyncSupported(true);
        if (authorization != null) {
            request.addHeader("Authorization", authorization);
        }
        MockHttpServletResponse response = new MockHttpServletResponse();
        MockFilterChain chain = new MockFilterChain();
        budgeted.doFilter(request, response, chain);
        assertThat(chain.getRequest()).as("never passed on").isNull();
        return response;
    }

    private MockFilterChain filter(String method, String path, String authorization) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest(method, path);
        request.addHeader("Authorization", authorization);
        MockFilterChain chain = new MockFilterChain();
        MockHttpServletResponse response = new MockHttpServletResponse();
        filter.doFilter(request, response, chain);
        assertThat(response.getStatus()).isEqualTo(chain.getRequest() == null ? 401 : 200);
        return chain;
    }
}
