package dev.twitterlike.management;

import dev.twitterlike.common.ops.DependencyHealth;
import dev.twitterlike.common.web.Problems;
import dev.twitterlike.gateway.ServiceInstances;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextType;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;

import static org.springframework.web.reactive.function.server.RequestPredicates.GET;
import static org.springframework.web.reactive.function.server.RequestPredicates.PUT;
import static org.springframework.web.reactive.function.server.RouterFunctions.route;

/**
 * The gateway's operations endpoints on the management port, beside the actuator
 * ({@code management.server.port}, bound to loopback by {@code management.server.address}):
 * <ul>
 * <li>{@code GET /health}: each dependency's state, with the error text of a failing one (what
 * it says helps an operator and an attacker alike, so it is not on the public port);</li>
 * <li>{@code GET /instances}, {@code GET /instances/<service>}: each service's instances, their
 * weights and the share of requests the load balancer gives each now ({@link ServiceInstances.View});</li>
 * <li>{@code PUT /instances/<service>} with {@code {"instances":[{"url":"http://127.0.0.1:8082","weight":80},...]}}:
 * replaces a service's instances and weights while the gateway runs (scripts/deploy.sh: blue-green
 * and canary). Accepted from a loopback address only, also where the management port listens on
 * every interface (docker compose): another container must not redirect a service's traffic.</li>
 * </ul>
 * Registered in the management child context through
 * {@code META-INF/spring/...ManagementContextConfiguration.imports}; in a package of its own, outside
 * the gateway's component scan, which would put it on the public port too.
 */
@ManagementContextConfiguration(value = ManagementContextType.CHILD, proxyBeanMethods = false)
public class ManagementRoutes {

    /** The body of {@code PUT /instances/<service>}. */
    record InstancesRequest(List<InstanceRequest> instances) {
    }

    /** One instance; a missing weight is 1. */
    record InstanceRequest(String url, Integer weight) {
    }

    @Bean
    RouterFunction<ServerResponse> healthDetails(DependencyHealth health) {
        return route(GET("/health"), request -> Mono.fromCallable(health::check).subscribeOn(Schedulers.boundedElastic())
                .flatMap(report -> ServerResponse.status(report.isReady() ? 200 : 503).bodyValue(report)));
    }

    @Bean
    RouterFunction<ServerResponse> instanceRoutes(ServiceInstances instances) {
        return route(GET("/instances"), request -> Flux.fromIterable(instances.services())
                        .concatMap(instances::view)
                        .collectMap(ServiceInstances.View::service, view -> view, LinkedHashMap::new)
                        .flatMap(views -> ServerResponse.ok().bodyValue(views)))
                .andRoute(GET("/instances/{service}"), request -> instances.view(request.pathVariable("service"))
                        .flatMap(view -> ServerResponse.ok().bodyValue(view))
                        .switchIfEmpty(Mono.defer(() -> problem(request, HttpStatus.NOT_FOUND,
                                "the gateway routes to no service named '" + request.pathVariable("service") + "'"))))
                .andRoute(PUT("/instances/{service}"), request -> set(instances, request));
    }

    private static Mono<ServerResponse> set(ServiceInstances instances, ServerRequest request) {
        String service = request.pathVariable("service");
        boolean loopback = request.remoteAddress().map(InetSocketAddress::getAddress)
                .map(address -> address.isLoopbackAddress()).orElse(false);
        if (!loopback) {
            return problem(request, HttpStatus.FORBIDDEN, "instances are set from the gateway's own machine only");
        }
        if (!instances.services().contains(service)) {
            return problem(request, HttpStatus.NOT_FOUND, "the gateway routes to no service named '" + service + "'");
        }
        return request.bodyToMono(InstancesRequest.class)
                .map(body -> {
                    if (body.instances() == null) {
                        throw new IllegalArgumentException("the body is {\"instances\":[{\"url\":...,\"weight\":...},...]}");
                    }
                    return body.instances().stream().map(i -> new ServiceInstances.Instance(URI.create(i.url() == null ? "" : i.url()),
                            i.weight() == null ? 1 : i.weight())).toList();
                })
                .switchIfEmpty(Mono.error(new IllegalArgumentException("the body is {\"instances\":[...]}")))
                .flatMap(list -> {
                    instances.set(service, list);
                    return instances.view(service);
                })
                .flatMap(view -> ServerResponse.ok().bodyValue(view))
                .onErrorResume(e -> problem(request, HttpStatus.BAD_REQUEST,
                        e instanceof IllegalArgumentException ? e.getMessage() : "the body is not the JSON this expects: " + e.getMessage()));
    }

    private static Mono<ServerResponse> problem(ServerRequest request, HttpStatus status, String detail) {
        String type = switch (status) {
            case FORBIDDEN -> "forbidden";
            case NOT_FOUND -> "not-found";
            default -> "bad-request";
        };
        ProblemDetail problem = Problems.of(status, type, detail).getBody();
        problem.setInstance(URI.create(request.path()));
        return ServerResponse.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).bodyValue(problem);
    }
}
