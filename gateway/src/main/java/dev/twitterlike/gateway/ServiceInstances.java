package dev.twitterlike.gateway;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.client.DefaultServiceInstance;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.loadbalancer.annotation.LoadBalancerClients;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.support.LoadBalancerClientFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Where each service's instances are, and what share of its requests each gets, for Spring
 * Cloud LoadBalancer ({@code lb://tweet-service} in the routes). The lists start from
 * configuration ({@code twitter.gateway.services}, one comma-separated list of base URLs per
 * service, e.g. {@code TWEET_SERVICE_URLS}; every instance weight 1), no registry server, and
 * can be replaced while the gateway runs ({@link #set}: {@code PUT /instances/<service>} on the
 * management port, which {@code scripts/deploy.sh} uses for blue-green and canary rollouts).
 *
 * <p>Each list is pushed to the load balancer as it changes ({@link #supplier}), which then
 * applies the library's suppliers ({@link HealthCheckedInstances}): health checks (an instance
 * whose {@code /ready} stops answering 200 leaves the rotation until it answers again),
 * weights (an instance's {@code weight} metadata: {@code WeightedServiceInstanceListSupplier}),
 * and retry awareness. A replaced list is health-checked before it is used: until then the
 * previous one serves. What the gateway holds lives in memory: a restarted gateway starts from
 * its configuration again (scripts/run.sh gives it the suite's current instances).
 */
@Component
@LoadBalancerClients(defaultConfiguration = HealthCheckedInstances.class)
public class ServiceInstances {

    /** How long {@link #view} waits for the load balancer's current list. */
    private static final Duration VIEW_TIMEOUT = Duration.ofSeconds(3);

    /** One instance: its base URL and its weight (its share is weight / the service's total). */
    public record Instance(URI url, int weight) {
        public Instance {
            if (url == null || url.getHost() == null || !("http".equals(url.getScheme()) || "https".equals(url.getScheme()))) {
                throw new IllegalArgumentException("an instance's url is http(s)://host:port, not " + url);
            }
            if (weight < 1 || weight > 1000) {
                throw new IllegalArgumentException("an instance's weight is from 1 to 1000, not " + weight);
            }
        }
    }

    /**
     * What an operator sees of one service: its instances, each with its weight and the share of
     * requests the load balancer gives it now (0 for one not yet health-checked, or not ready),
     * and instances the balancer still picks that are no longer on the list (weight 0: leaving).
     *
     * @param settled the load balancer chooses from exactly this list, every instance in it
     *                ready, with these weights: a change has taken effect
     */
    public record View(String service, List<Share> instances, boolean settled) {
    }

    public record Share(URI url, int weight, double share) {
    }

    private final Map<String, Sinks.Many<List<ServiceInstance>>> lists = new LinkedHashMap<>();
    private final Map<String, List<ServiceInstance>> current = new java.util.concurrent.ConcurrentHashMap<>();
    private final ObjectProvider<LoadBalancerClientFactory> balancers;

    ServiceInstances(GatewayProperties properties, ObjectProvider<LoadBalancerClientFactory> balancers) {
        this.balancers = balancers;
        properties.services().forEach((service, urls) -> {
            lists.put(service, Sinks.many().replay().latest());
            set(service, urls.stream().map(url -> new Instance(url, 1)).toList());
        });
    }

    /** The services the gateway routes to. */
    public Set<String> services() {
        return lists.keySet();
    }

    /** A service's instances now (empty for a service the gateway does not know). */
    public List<Instance> instances(String service) {
        return current.getOrDefault(service, List.of()).stream()
                .map(i -> new Instance(i.getUri(), weight(i))).toList();
    }

    /**
     * Replaces a service's instances (and their weights); the load balancer takes the new list
     * once its health checks have seen it.
     *
     * @throws IllegalArgumentException for a service the gateway does not route to, an empty
     *                                  list or the same URL twice
     */
    public synchronized void set(String service, List<Instance> instances) {
        Sinks.Many<List<ServiceInstance>> sink = lists.get(service);
        if (sink == null) {
            throw new IllegalArgumentException("the gateway routes to no service named '" + service + "'");
        }
        if (instances.isEmpty()) {
            throw new IllegalArgumentException("a service keeps at least one instance");
        }
        Set<URI> seen = new HashSet<>();
        List<ServiceInstance> list = instances.stream().map(i -> {
            if (!seen.add(i.url())) {
                throw new IllegalArgumentException(i.url() + " is on the list twice");
            }
            return serviceInstance(service, i);
        }).toList();
        current.put(service, list);
        sink.emitNext(list, Sinks.EmitFailureHandler.FAIL_FAST);
    }

    /** The load balancer's source of a service's instances: the list, and every change to it. */
    ServiceInstanceListSupplier supplier(String service) {
        Sinks.Many<List<ServiceInstance>> sink = lists.get(service);
        Flux<List<ServiceInstance>> flux = sink == null ? Flux.just(List.of()) : sink.asFlux();
        return new ServiceInstanceListSupplier() {
            @Override
            public String getServiceId() {
                return service;
            }

            @Override
            public Flux<List<ServiceInstance>> get() {
                return flux;
            }
        };
    }

    /** The list as set and as the load balancer uses it now ({@code null} for an unknown service). */
    public Mono<View> view(String service) {
        if (!lists.containsKey(service)) {
            return Mono.empty();
        }
        List<ServiceInstance> configured = current.get(service);
        return balancers.getObject().getInstance(service, ServiceInstanceListSupplier.class).get().next()
                .timeout(VIEW_TIMEOUT, Mono.just(List.of()))
                .defaultIfEmpty(List.of())
                .map(balanced -> {
                    // the weighted list repeats each instance by its weight
                    Map<ServiceInstance, Long> slots = balanced.stream()
                            .collect(Collectors.groupingBy(Function.identity(), LinkedHashMap::new, Collectors.counting()));
                    double total = balanced.size();
                    Map<URI, Share> shares = new LinkedHashMap<>();
                    for (ServiceInstance i : configured) {
                        shares.put(i.getUri(), new Share(i.getUri(), weight(i), 0));
                    }
                    slots.forEach((i, count) -> shares.merge(i.getUri(), new Share(i.getUri(), 0, count / total),
                            (set, used) -> new Share(set.url(), set.weight(), used.share())));
                    boolean settled = slots.keySet().equals(Set.copyOf(configured));
                    return new View(service, List.copyOf(shares.values()), settled);
                });
    }

    private static ServiceInstance serviceInstance(String service, Instance instance) {
        URI uri = instance.url();
        boolean secure = "https".equals(uri.getScheme());
        int port = uri.getPort() != -1 ? uri.getPort() : secure ? 443 : 80;
        return new DefaultServiceInstance(service + "@" + uri.getHost() + ":" + port, service, uri.getHost(), port, secure,
                Map.of("weight", Integer.toString(instance.weight())));
    }

    private static int weight(ServiceInstance instance) {
        return Integer.parseInt(instance.getMetadata().get("weight"));
    }
}
