package dev.twitterlike.gateway;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.Request;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.ReactiveLoadBalancerClientFilter;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.cloud.loadbalancer.core.DelegatingServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.net.ConnectException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Passive outlier ejection: an instance that just refused a connection gets no requests for a
 * few seconds, until the health checks (every 2 s) have caught up with it.
 *
 * <p>Why: the gateway's Retry filter asks the load balancer again, and the balancer is not
 * retry-aware (spring-cloud-gateway#3045): its round-robin counter is shared by all requests,
 * so under concurrency the retry of a request refused by a dead instance often lands on that
 * same instance, and the client gets a 503 although a healthy instance was there. This filter
 * records each refused connection (it runs right after the balancer chose the instance), and
 * {@link #excluding} drops recently refused instances from the lists the balancer chooses
 * from, never all of them.
 */
@Component
class RefusedInstances implements GlobalFilter, Ordered {

    static final Duration EJECTION = Duration.ofSeconds(3);

    private final Map<String, Long> refusedAt = new ConcurrentHashMap<>();

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        return chain.filter(exchange).doOnError(e -> {
            URI chosen = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR);
            if (chosen != null && refusal(e)) {
                refusedAt.put(chosen.getHost() + ":" + chosen.getPort(), System.nanoTime());
            }
        });
    }

    @Override
    public int getOrder() {
        return ReactiveLoadBalancerClientFilter.LOAD_BALANCER_CLIENT_FILTER_ORDER + 1;
    }

    boolean recentlyRefused(ServiceInstance instance) {
        Long at = refusedAt.get(instance.getHost() + ":" + instance.getPort());
        return at != null && System.nanoTime() - at < EJECTION.toNanos();
    }

    /** The delegate's instances without the recently refused ones (all of them if none is left). */
    ServiceInstanceListSupplier excluding(ServiceInstanceListSupplier delegate) {
        return new DelegatingServiceInstanceListSupplier(delegate) {
            @Override
            public Flux<List<ServiceInstance>> get() {
                return delegate.get().map(this::withoutRefused);
            }

            @Override
            public Flux<List<ServiceInstance>> get(Request request) {
                return delegate.get(request).map(this::withoutRefused);
            }

            private List<ServiceInstance> withoutRefused(List<ServiceInstance> instances) {
                List<ServiceInstance> answering = instances.stream().filter(i -> !recentlyRefused(i)).toList();
                return answering.isEmpty() ? instances : answering;
            }
        };
    }

    private static boolean refusal(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException) {
                return true;
            }
        }
        return false;
    }
}
