package dev.twitterlike.graph.session;

import dev.twitterlike.graph.GraphProperties;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.stereotype.Component;

import java.time.Duration;

/** The session cookie: HttpOnly, SameSite=Lax, Secure when the user came over HTTPS. */
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
        return properties.sessionCookie();
    }

    private String cookie(String value, Duration maxAge, HttpServletRequest request) {
        boolean https = request.isSecure() || "https".equalsIgnoreCase(request.getHeader("X-Forwarded-Proto"));
        return ResponseCookie.from(properties.sessionCookie(), value)
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
