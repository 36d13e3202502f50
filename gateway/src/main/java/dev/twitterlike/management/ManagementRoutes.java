package dev.twitterlike.management;

import dev.twitterlike.common.ops.DependencyHealth;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextType;
import org.springframework.context.annotation.Bean;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import static org.springframework.web.reactive.function.server.RequestPredicates.GET;
import static org.springframework.web.reactive.function.server.RouterFunctions.route;

/**
 * {@code /health} (each dependency's state, with the error text of a failing one) on the
 * management port, beside the actuator ({@code management.server.port}, bound to loopback by
 * {@code management.server.address}): what it says helps an operator and an attacker alike, so
 * it is not on the public port. Registered in the management child context through
 * {@code META-INF/spring/...ManagementContextConfiguration.imports}; in a package of its own, outside
 * the gateway's component scan, which would put it on the public port too.
 */
@ManagementContextConfiguration(value = ManagementContextType.CHILD, proxyBeanMethods = false)
public class ManagementRoutes {

    @Bean
    RouterFunction<ServerResponse> healthDetails(DependencyHealth health) {
        return route(GET("/health"), request -> Mono.fromCallable(health::check).subscribeOn(Schedulers.boundedElastic())
                .flatMap(report -> ServerResponse.status(report.isReady() ? 200 : 503).bodyValue(report)));
    }
}
