package com.vobizrouter.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/**
 * The admin API's bearer token check on its own: which Authorization headers pass and what a
 * refused request gets back.
 */
class AdminTokenFilterTest {

    private static final String TOKEN = "admin-token-for-tests";

    private final AdminTokenFilter filter = new AdminTokenFilter(TOKEN);

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
        assertThatThrownBy(() -> new AdminTokenFilter(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AdminTokenFilter(null)).isInstanceOf(IllegalArgumentException.class);
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
