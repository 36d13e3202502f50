package dev.twitterlike.gateway;

import io.netty.channel.ChannelOption;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.support.LoadBalancerClientFactory;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.netty.http.client.HttpClient;

import java.time.Duration;

/**
 * The load balancer's configuration for each service (Spring Cloud LoadBalancer makes a child
 * context per service from it, so it is not a component of the gateway's own context): the
 * instances {@link ServiceInstances} holds (pushed here as they change), health-checked, weighted
 * (each instance's {@code weight} metadata: a canary gets its share of requests), and
 * retry-aware, so that a retried request goes to another instance than the one that failed.
 */
class HealthCheckedInstances {

    /** A probe that does not answer within a second counts as a failed one. */
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(1);

    @Bean
    ServiceInstanceListSupplier serviceInstanceListSupplier(ConfigurableApplicationContext context) {
        WebClient probes = WebClient.builder()
                .clientConnector(new ReactorClientHttpConnector(HttpClient.create()
                        .responseTimeout(PROBE_TIMEOUT)
                        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) PROBE_TIMEOUT.toMillis())))
                .build();
        String service = context.getEnvironment().getRequiredProperty(LoadBalancerClientFactory.PROPERTY_NAME);
        return ServiceInstanceListSupplier.builder()
                .withBase(context.getBean(ServiceInstances.class).supplier(service))
                .withHealthChecks(probes)
                .withWeighted()
                .withRetryAwareness()
                .with((ctx, delegate) -> ctx.getBean(RefusedInstances.class).excluding(delegate))
                .build(context);
    }
}
