package dev.twitterlike.gateway;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.Set;

/**
 * The public probes ({@code /live}, {@code /ready}) are cheap, and limited per client address
 * all the same: {@code twitter.gateway.probe-limit} answers a second (default 20, far more than
 * any load balancer or kubelet asks), then 429. The limit is kept in memory, so the probes never
 * depend on Valkey, and per address, so a flood from one client cannot make the probes fail
 * for the load balancer that asks from another.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class ProbeRateLimitFilter implements WebFilter {

    private static final Set<String> PROBES = Set.of("/live", "/ready");

    private final ClientAddresses addresses;
    private final RateLimiterConfig config;
    private final Cache<String, RateLimiter> limiters = Caffeine.newBuilder()
            .maximumSize(100_000).expireAfterAccess(Duration.ofMinutes(1)).build();

    ProbeRateLimitFilter(ClientAddresses addresses, GatewayProperties properties) {
        this.addresses = addresses;
        this.config = RateLimiterConfig.custom()
                .limitForPeriod(properties.probeLimit())
                .limitRefreshPeriod(Duration.ofSeconds(1))
                .timeoutDuration(Duration.ZERO)
                .build();
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (!PROBES.contains(exchange.getRequest().getPath().value())) {
            return chain.filter(exchange);
        }
        String client = addresses.key(exchange.getRequest()).orElse("unknown");
        RateLimiter limiter = limiters.get(client, key -> RateLimiter.of(key, config));
        if (limiter.acquirePermission()) {
            return chain.filter(exchange);
        }
        exchange.getResponse().getHeaders().set("Retry-After", "1");
        return ProblemResponses.write(exchange, HttpStatus.TOO_MANY_REQUESTS, "rate-limited", "Too many probe requests from this address");
    }
}
