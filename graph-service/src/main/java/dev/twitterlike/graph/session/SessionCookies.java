package dev.twitterlike.graph.session;

import dev.twitterlike.common.web.SessionKeys;
import dev.twitterlike.graph.GraphProperties;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.stereotype.Component;

import java.time.Duration;

/**
 * The session cookie: HttpOnly, SameSite=Lax, {@code Path=/}; Secure and named
 * {@code __Host-session} when the suite is served over HTTPS ({@code SECURE_COOKIES=true}),
 * Secure also when one request came over HTTPS through a proxy.
 */
@Component
public class SessionCookies {

    private final GraphProperties properties;

    SessionCookies(GraphProperties properties) {
        this.properties = properties;
    }

    public String issue(String sessionId, HttpServletRequest request) {
        return cookie(sessionId, properties.sessionTtl(), request);
    }

    public String clear(HttpServletRequest request) {
        return cookie("", Duration.ZERO, request);
    }

    public String name() {
        return SessionKeys.cookieName(properties.sessionCookie(), properties.secureCookies());
    }

    private String cookie(String value, Duration maxAge, HttpServletRequest request) {
        boolean https = properties.secureCookies() || request.isSecure()
                || "https".equalsIgnoreCase(request.getHeader("X-Forwarded-Proto"));
        return ResponseCookie.from(name(), value)
                .httpOnly(true)
                .secure(https)
                .sameSite("Lax")
                .path("/")
                .maxAge(maxAge)
                .build()
                .toString();
    }

    public static String headerName() {
        return HttpHeaders.SET_COOKIE;
    }
}
