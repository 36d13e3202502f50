package dev.twitterlike.gateway;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The {@code RequestRateLimiter} filter answers 429 by completing the response without a body.
 * This gives that answer the problem JSON every other error has, saying when to try again (the
 * {@code Retry-After} that {@link ApiRateLimiter} worked out). It wraps the response before the
 * route filters run; a service's own 429 is written with a body and passes through untouched.
 */
@Component
class RateLimitedProblemFilter implements GlobalFilter, Ordered {

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        String path = exchange.getRequest().getPath().value();
        ServerHttpResponseDecorator response = new ServerHttpResponseDecorator(exchange.getResponse()) {
            @Override
            public Mono<Void> setComplete() {
                HttpStatusCode status = getStatusCode();
                if (status == null || status.value() != HttpStatus.TOO_MANY_REQUESTS.value()) {
                    return super.setComplete();
                }
                String retryAfter = getHeaders().getFirst(HttpHeaders.RETRY_AFTER);
                ProblemDetail problem = ProblemResponses.problem(HttpStatus.TOO_MANY_REQUESTS, "rate-limited",
                        retryAfter == null ? "Too many requests; slow down"
                                : "Too many requests; try again in " + retryAfter + " s",
                        path);
                return ProblemResponses.write(getDelegate(), problem);
            }
        };
        return chain.filter(exchange.mutate().response(response).build());
    }

    @Override
    public int getOrder() {
        // any global filter runs before the route filters (order 1, 2, ...); after the identity check
        return Ordered.HIGHEST_PRECEDENCE + 20;
    }
}
