package dev.twitterlike.gateway;

import dev.twitterlike.common.ops.DependencyHealth;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RequestPredicate;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.util.Map;

import static org.springframework.web.reactive.function.server.RequestPredicates.GET;
import static org.springframework.web.reactive.function.server.RouterFunctions.route;

/**
 * The gateway's own public endpoints: {@code /live} and {@code /ready}, which say up or down and
 * nothing more (the details, {@code /health}, and the actuator are on the management port:
 * {@code dev.twitterlike.management.ManagementRoutes}), and the single-page app fallback (any GET that is not an API,
 * probe or file path gets index.html, so deep links like /alice work).
 * Files (paths with an extension) are served from classpath:/static by Spring's resource
 * handler; unknown /api paths reach no route and get a 404 problem.
 */
@Configuration(proxyBeanMethods = false)
class WebAppRoutes {

    private static final Resource INDEX = new ClassPathResource("static/index.html");

    @Bean
    RouterFunction<ServerResponse> opsRoutes(DependencyHealth health) {
        return route(GET("/live"), request -> ServerResponse.ok().bodyValue(Map.of("status", "alive")))
                .andRoute(GET("/ready"), request -> check(health).flatMap(report -> ServerResponse
                        .status(report.isReady() ? 200 : 503)
                        .bodyValue(Map.of("status", report.isReady() ? "ready" : "not ready"))));
    }

    @Bean
    RouterFunction<ServerResponse> singlePageApp() {
        RequestPredicate appPath = GET("/**").and(request -> {
            String path = request.path();
            return !path.startsWith("/api/") && !path.equals("/api") && !path.startsWith("/actuator") && !path.equals("/health")
                    && !path.substring(path.lastIndexOf('/') + 1).contains(".");
        });
        return route(appPath, request -> INDEX.exists()
                ? ServerResponse.ok().contentType(MediaType.TEXT_HTML).cacheControl(CacheControl.noCache()).bodyValue(INDEX)
                : ServerResponse.notFound().build());
    }

    private static Mono<DependencyHealth.Report> check(DependencyHealth health) {
        return Mono.fromCallable(health::check).subscribeOn(Schedulers.boundedElastic());
    }
}
