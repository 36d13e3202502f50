package dev.twitterlike.gateway;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * The browser-side defences, on every response the gateway sends (the web app, its files, the
 * API, problems), set just before the headers are written:
 * <ul>
 * <li>{@code Content-Security-Policy}: scripts, styles, fonts, images and connections from this
 *     origin only ({@code data:}/{@code blob:} images for upload previews); no plug-ins, no
 *     {@code <base>} or form posts elsewhere, and no framing ({@code frame-ancestors 'none'}, also
 *     {@code X-Frame-Options: DENY} for old browsers). The built app has no inline script or
 *     style, so nothing needs {@code 'unsafe-inline'}; the browser tests fail on any violation.
 *     Images from outside hosts are refused too: an avatar URL cannot make viewers' browsers call
 *     a stranger's server.</li>
 * <li>{@code X-Content-Type-Options: nosniff}, {@code Referrer-Policy: same-origin} (a link out
 *     does not tell the other site which page or user it came from), a {@code Permissions-Policy}
 *     that turns off the device APIs the app never uses, and {@code Cross-Origin-Opener-Policy}.</li>
 * <li>{@code Strict-Transport-Security} when the suite is served over HTTPS
 *     ({@code SECURE_COOKIES=true}).</li>
 * </ul>
 * A service's own answer keeps any of these it set itself.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class SecurityHeadersFilter implements WebFilter {

    static final String CONTENT_SECURITY_POLICY = String.join("; ",
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data: blob:",
            "font-src 'self'",
            "connect-src 'self'",
            "media-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'");
    static final String PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), "
            + "magnetometer=(), gyroscope=(), accelerometer=()";

    private final boolean https;

    SecurityHeadersFilter(GatewayProperties properties) {
        this.https = properties.secureCookies();
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        exchange.getResponse().beforeCommit(() -> {
            HttpHeaders headers = exchange.getResponse().getHeaders();
            setIfAbsent(headers, "Content-Security-Policy", CONTENT_SECURITY_POLICY);
            setIfAbsent(headers, "X-Frame-Options", "DENY");
            setIfAbsent(headers, "X-Content-Type-Options", "nosniff");
            setIfAbsent(headers, "Referrer-Policy", "same-origin");
            setIfAbsent(headers, "Permissions-Policy", PERMISSIONS_POLICY);
            setIfAbsent(headers, "Cross-Origin-Opener-Policy", "same-origin");
            if (https) {
                setIfAbsent(headers, "Strict-Transport-Security", "max-age=31536000; includeSubDomains");
            }
            return Mono.empty();
        });
        return chain.filter(exchange);
    }

    private static void setIfAbsent(HttpHeaders headers, String name, String value) {
        if (!headers.containsHeader(name)) {
            headers.set(name, value);
        }
    }
}
