package dev.twitterlike.gateway;

import org.springframework.cloud.gateway.filter.AdaptCachedBodyGlobalFilter;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.factory.RequestRateLimiterGatewayFilterFactory;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR;

/**
 * The upload budget ({@code twitter.gateway.rate-limits.routes.upload-media}) is counted before
 * a byte of the upload is read. A route filter would come too late: a route whose circuit breaker
 * has a fallback has its body held in memory first ({@link AdaptCachedBodyGlobalFilter}, order
 * {@code HIGHEST_PRECEDENCE + 1000}, before every route filter), so a client past its budget
 * would still have the gateway take in up to 6 MB per request before the 429. This runs the same
 * {@code RequestRateLimiter} (the same limiter, key and problem answer) just before that
 * caching, for the upload route only; JSON routes hold at most 64 KB before their limiter.
 * With {@code Expect: 100-continue} the refused client does not even send the body.
 */
@Component
class UploadRateLimitFilter implements GlobalFilter, Ordered {

    static final String ROUTE = "upload-media";

    private final GatewayFilter limiter;

    UploadRateLimitFilter(RequestRateLimiterGatewayFilterFactory limiters) {
        this.limiter = limiters.apply(new RequestRateLimiterGatewayFilterFactory.Config());
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        Route route = exchange.getAttribute(GATEWAY_ROUTE_ATTR);
        return route != null && ROUTE.equals(route.getId()) ? limiter.filter(exchange, chain) : chain.filter(exchange);
    }

    @Override
    public int getOrder() {
        // after the session (the budget is per user) and the body limit, before the body is cached
        return Ordered.HIGHEST_PRECEDENCE + 999;
    }
}
