package dev.twitterlike.gateway;

import org.springframework.cloud.client.DefaultServiceInstance;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.ReactiveDiscoveryClient;
import org.springframework.cloud.loadbalancer.annotation.LoadBalancerClients;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.publisher.Flux;

import java.net.URI;
import java.util.List;

/**
 * Where each service's instances are, for Spring Cloud LoadBalancer ({@code lb://tweet-service}
 * in the routes): a static list from configuration ({@code twitter.gateway.services}, one
 * comma-separated list of base URLs per service, e.g. {@code TWEET_SERVICE_URLS}), no registry
 * server. Each list is health-checked: an instance whose {@code /ready} stops answering 200 is
 * taken out of the rotation until it answers again ({@code spring.cloud.loadbalancer.health-check}).
 * Between two checks, the route's Retry filter covers an instance that just died: a refused
 * connection is retried once, and the load balancer's retry awareness picks another instance.
 */
@Configuration(proxyBeanMethods = false)
@LoadBalancerClients(defaultConfiguration = HealthCheckedInstances.class)
class ServiceInstances {

    @Bean
    ReactiveDiscoveryClient configuredServiceInstances(GatewayProperties properties) {
        return new ReactiveDiscoveryClient() {
            @Override
            public String description() {
                return "service instances from twitter.gateway.services";
            }

            @Override
            public Flux<ServiceInstance> getInstances(String serviceId) {
                List<URI> uris = properties.services().getOrDefault(serviceId, List.of());
                return Flux.range(0, uris.size()).map(i -> instance(serviceId, i, uris.get(i)));
            }

            @Override
            public Flux<String> getServices() {
                return Flux.fromIterable(properties.services().keySet());
            }
        };
    }

    private static ServiceInstance instance(String serviceId, int index, URI uri) {
        boolean secure = "https".equals(uri.getScheme());
        int port = uri.getPort() != -1 ? uri.getPort() : secure ? 443 : 80;
        return new DefaultServiceInstance(serviceId + "-" + index, serviceId, uri.getHost(), port, secure);
    }
}
