package dev.twitterlike.gateway;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.reactive.function.server.RequestPredicate;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebExchangeDecorator;
import reactor.core.publisher.Mono;

import java.util.regex.Pattern;

import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.CIRCUITBREAKER_EXECUTION_EXCEPTION_ATTR;
import static org.springframework.web.reactive.function.server.RequestPredicates.path;
import static org.springframework.web.reactive.function.server.RouterFunctions.route;

/**
 * Where a route's {@code CircuitBreaker} filter forwards ({@code fallbackUri: forward:/fallback/<service>})
 * when the service refuses the connection, answers 5xx, takes longer than the time limit, or
 * its breaker is open: a 503 problem at once instead of a hanging or bare error.
 */
@Configuration(proxyBeanMethods = false)
class ServiceFallbackRoutes {

    private static final Logger log = LoggerFactory.getLogger(ServiceFallbackRoutes.class);
    private static final Pattern SERVICE_NAME = Pattern.compile("[a-z][a-z0-9-]{0,40}");

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    RouterFunction<ServerResponse> serviceFallback() {
        // only requests forwarded by a circuit breaker, never a client asking for /fallback/...
        RequestPredicate forwarded = path("/fallback/{service}")
                .and(request -> request.attribute(CIRCUITBREAKER_EXECUTION_EXCEPTION_ATTR).isPresent()
                        && SERVICE_NAME.matcher(request.pathVariable("service")).matches());
        return route(forwarded, ServiceFallbackRoutes::unavailable);
    }

    private static Mono<ServerResponse> unavailable(ServerRequest request) {
        String service = request.pathVariable("service");
        String path = originalPath(request);
        // the cause in one line (connection refused, time limit, breaker open, 5xx); no stack trace
        String cause = String.valueOf(request.attribute(CIRCUITBREAKER_EXECUTION_EXCEPTION_ATTR).orElse(null));
        log.warn("{} unavailable for {} {}: {}", service, request.method(), path, cause);
        ProblemDetail problem = ProblemResponses.problem(HttpStatus.SERVICE_UNAVAILABLE, "unavailable",
                service + " is unavailable; try again shortly", path);
        problem.setProperty("service", service);
        return ServerResponse.status(HttpStatus.SERVICE_UNAVAILABLE)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .bodyValue(ProblemResponses.json(problem));
    }

    /**
     * The path the client asked for, not the /fallback path: the breaker forwards a mutated copy
     * of the exchange, and the exchange the server made is the innermost one.
     */
    private static String originalPath(ServerRequest request) {
        ServerWebExchange exchange = request.exchange();
        while (exchange instanceof ServerWebExchangeDecorator decorator) {
            exchange = decorator.getDelegate();
        }
        return exchange.getRequest().getPath().value();
    }
}
