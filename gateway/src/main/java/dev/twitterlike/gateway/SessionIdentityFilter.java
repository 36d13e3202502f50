package dev.twitterlike.gateway;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.twitterlike.common.web.IdentityHeaders;
import dev.twitterlike.common.web.SessionKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.http.HttpCookie;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.util.AntPathMatcher;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * The gateway is the only place that knows sessions. For every routed request it removes any
 * identity header the client sent, looks the session cookie up ({@code session:<sha-256>} in
 * Valkey holds the user id; graph-service's record when Valkey cannot answer; a live session
 * Valkey confirmed within {@code session-memo}, 1 s, is taken as live without asking again), and when the
 * session is genuine records the user on the exchange ({@link #USER}): the rate limits count
 * by it, and {@link IdentityForwardingFilter} signs it into the request just before it leaves.
 * Writes (and a few reads) without a session are refused here with a 401 problem, before any
 * service is reached.
 */
@Component
class SessionIdentityFilter implements GlobalFilter, Ordered {

    /** The exchange attribute holding the signed-in user's id (a {@code Long}), when there is one. */
    static final String USER = SessionIdentityFilter.class.getName() + ".user";

    private static final Logger log = LoggerFactory.getLogger(SessionIdentityFilter.class);
    private static final Set<HttpMethod> READS = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);
    private static final Set<String> ENDS_SESSION = Set.of("/api/auth/logout", "/api/auth/login");
    private static final Duration LOOKUP_TIMEOUT = Duration.ofMillis(300);

    private final ReactiveStringRedisTemplate redis;
    private final SessionVerifier verifier;
    private final GatewayProperties properties;
    private final AntPathMatcher paths = new AntPathMatcher();
    /** Sessions Valkey said are live, for {@code session-memo}: a reader's next requests cost no lookup. */
    private final Cache<String, Long> live;

    SessionIdentityFilter(ReactiveStringRedisTemplate redis, SessionVerifier verifier, GatewayProperties properties) {
        this.redis = redis;
        this.verifier = verifier;
        this.properties = properties;
        this.live = Caffeine.newBuilder().expireAfterWrite(properties.sessionMemo()).maximumSize(100_000).build();
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        ServerWebExchange clean = withoutIdentityHeaders(exchange);
        ServerHttpRequest stripped = clean.getRequest();
        if (endsSession(stripped)) {
            // before the answer leaves: graph-service has ended the session by then, and the
            // client's next request must not find it remembered here (forgetting only once the
            // exchange completed raced that request, on a loaded machine)
            clean.getResponse().beforeCommit(() -> Mono.fromRunnable(() -> forgetIfEnded(stripped)));
        }
        boolean required = requiresSession(stripped);
        return sessionUser(stripped)
                .map(Optional::of)
                .defaultIfEmpty(Optional.empty())
                .onErrorResume(e -> {
                    log.warn("session lookup failed (Valkey and graph-service): {}", e.toString());
                    // a read that needs no session goes on anonymously; anything else is a 503 below
                    return required ? Mono.error(new SessionStoreUnavailable()) : Mono.just(Optional.empty());
                })
                .flatMap(user -> {
                    if (user.isEmpty()) {
                        return required
                                ? ProblemResponses.write(clean, HttpStatus.UNAUTHORIZED, "unauthorized", "Sign in to do this")
                                : chain.filter(clean);
                    }
                    clean.getAttributes().put(USER, user.get());
                    return chain.filter(clean);
                })
                .onErrorResume(SessionStoreUnavailable.class, e -> ProblemResponses.write(clean,
                        HttpStatus.SERVICE_UNAVAILABLE, "unavailable", "Sessions cannot be checked right now; try again shortly"))
                .doFinally(signal -> forgetIfEnded(stripped));
    }

    /**
     * The exchange without identity headers a caller made up, dropped here before any filter
     * could believe them (and again as the request leaves: IdentityForwardingFilter). A request
     * without them, nearly every one, is not copied for nothing.
     */
    private static ServerWebExchange withoutIdentityHeaders(ServerWebExchange exchange) {
        HttpHeaders headers = exchange.getRequest().getHeaders();
        if (headers.getFirst(IdentityHeaders.USER_ID) == null && headers.getFirst(IdentityHeaders.SIGNATURE) == null) {
            return exchange;
        }
        return exchange.mutate().request(r -> r.headers(h -> {
            h.remove(IdentityHeaders.USER_ID);
            h.remove(IdentityHeaders.SIGNATURE);
        })).build();
    }

    /**
     * Signing out (or in again, which retires the session the browser came with) ends a session
     * this gateway may have kept graph-service's word for: forget it here at once, as the answer
     * is committed and again when the exchange ends (a lookup racing the sign-out may have put it
     * back meanwhile). Other gateways forget it within the session cache's time.
     */
    private void forgetIfEnded(ServerHttpRequest request) {
        if (!endsSession(request)) {
            return;
        }
        sessionHash(request).ifPresent(hash -> {
            live.invalidate(hash);
            verifier.forget(hash);
        });
    }

    private static boolean endsSession(ServerHttpRequest request) {
        return request.getMethod() == HttpMethod.POST && ENDS_SESSION.contains(request.getPath().value());
    }

    /** The hash of the session token the request's cookie carries, if it carries a plausible one. */
    private Optional<String> sessionHash(ServerHttpRequest request) {
        HttpCookie cookie = request.getCookies().getFirst(properties.sessionCookieName());
        if (cookie == null || cookie.getValue().isBlank() || cookie.getValue().length() > 100) {
            return Optional.empty();
        }
        return Optional.of(SessionKeys.encode(SessionKeys.hash(cookie.getValue())));
    }

    /**
     * The session's user: from Valkey (the fast path), else from graph-service's record when
     * Valkey is down or has no copy ({@link SessionVerifier}). Empty without a live session; an
     * error only when neither can be asked.
     */
    private Mono<Long> sessionUser(ServerHttpRequest request) {
        Optional<String> token = sessionHash(request);
        if (token.isEmpty()) {
            return Mono.empty();
        }
        String hash = token.get();
        Long known = live.getIfPresent(hash);
        if (known != null) {
            return Mono.just(known);
        }
        if (!verifier.trustsValkey()) {
            // Valkey is down or only just back, perhaps with copies of sessions ended meanwhile
            return verifier.userOf(hash, "valkey-recovering").flatMap(Mono::justOrEmpty);
        }
        return redis.opsForValue().get(SessionKeys.PREFIX + hash)
                .timeout(LOOKUP_TIMEOUT)
                .map(SessionIdentityFilter::userId)
                .doOnNext(user -> user.ifPresent(id -> live.put(hash, id)))
                .onErrorResume(e -> {
                    log.debug("Valkey cannot answer for a session ({}); asking graph-service", e.toString());
                    verifier.valkeyTrouble();
                    return verifier.userOf(hash, "valkey-down");
                })
                .switchIfEmpty(Mono.defer(() -> verifier.userOf(hash, "valkey-miss")))
                .flatMap(Mono::justOrEmpty);
    }

    private static Optional<Long> userId(String value) {
        try {
            return Optional.of(Long.parseLong(value));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private boolean requiresSession(ServerHttpRequest request) {
        String path = request.getPath().value();
        if (READS.contains(request.getMethod())) {
            return properties.protectedReads().stream().anyMatch(p -> paths.match(p, path));
        }
        return properties.publicWrites().stream().noneMatch(p -> paths.match(p, path));
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 10;
    }

    private static final class SessionStoreUnavailable extends RuntimeException {
        SessionStoreUnavailable() {
            super(null, null, false, false);
        }
    }
}
