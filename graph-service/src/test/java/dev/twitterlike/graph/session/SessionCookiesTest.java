package dev.twitterlike.graph.session;

import dev.twitterlike.graph.GraphProperties;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class SessionCookiesTest {

    private static SessionCookies cookies(boolean secure) {
        return new SessionCookies(new GraphProperties(10, 5, Duration.ofDays(7), "session", 1, secure));
    }

    /** Served over HTTPS: __Host-session, Secure, Path=/ and no Domain, so no subdomain can plant one. */
    @Test
    void overHttpsTheCookieIsHostPrefixedAndSecure() {
        String cookie = cookies(true).issue("token", new MockHttpServletRequest());
        assertThat(cookie).startsWith("__Host-session=token;").contains("; Path=/").contains("; Secure")
                .contains("; HttpOnly").contains("; SameSite=Lax").doesNotContainIgnoringCase("Domain=");
        assertThat(cookies(true).name()).isEqualTo("__Host-session");
        assertThat(cookies(true).clear(new MockHttpServletRequest())).startsWith("__Host-session=;").contains("Max-Age=0");
    }

    /** Plain-HTTP local runs: the bare name (browsers refuse a __Host- cookie without Secure). */
    @Test
    void overPlainHttpTheCookieKeepsItsBareName() {
        String cookie = cookies(false).issue("token", new MockHttpServletRequest());
        assertThat(cookie).startsWith("session=token;").contains("; HttpOnly").contains("; SameSite=Lax").doesNotContain("Secure");
        MockHttpServletRequest behindTls = new MockHttpServletRequest();
        behindTls.addHeader("X-Forwarded-Proto", "https");
        assertThat(cookies(false).issue("token", behindTls)).contains("; Secure");
    }
}
