package dev.twitterlike.common.ops;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.health.contributor.HealthContributors;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.boot.health.registry.ReactiveHealthContributorRegistry;
import org.springframework.boot.micrometer.metrics.autoconfigure.MeterRegistryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.kafka.core.KafkaAdmin;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What makes a service operable from day one: dependency health for {@code /live},
 * {@code /ready} and {@code /health}, a Kafka health indicator (Spring Boot has none), the
 * readiness as a metric ({@code twitter_ready}), and the common metric tags {@code application}
 * and {@code instance}.
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration",
        "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration"})
public class OpsAutoConfiguration {

    private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(2);
    /** How often the dependencies are checked in the background (the probes answer from the last check). */
    private static final Duration CHECK_INTERVAL = Duration.ofSeconds(1);

    @Bean
    @ConditionalOnMissingBean
    DependencyHealth dependencyHealth(ObjectProvider<HealthContributorRegistry> blocking,
            ObjectProvider<ReactiveHealthContributorRegistry> reactive, ApplicationAvailability availability,
            Environment env) {
        List<HealthContributors> all = new ArrayList<>();
        blocking.ifAvailable(all::add);
        reactive.ifAvailable(r -> all.add(r.asHealthContributors()));
        // the dependencies this service serves without (degraded), e.g. "kafka, redis"; see DependencyHealth
        Set<String> optional = Set.of(env.getProperty("twitter.ops.optional-dependencies", String[].class, new String[0]));
        return new DependencyHealth(HealthContributors.of(all.toArray(HealthContributors[]::new)), availability,
                CHECK_TIMEOUT, CHECK_INTERVAL, optional);
    }

    @Bean
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    OpsController opsController(DependencyHealth health) {
        return new OpsController(health);
    }

    /** Only where spring-kafka is on the class path (not in the gateway). */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(KafkaAdmin.class)
    static class KafkaHealthConfiguration {

        @Bean("kafkaHealthIndicator")
        @ConditionalOnBean(KafkaAdmin.class)
        @ConditionalOnMissingBean(name = "kafkaHealthIndicator")
        KafkaHealthIndicator kafkaHealthIndicator(KafkaAdmin kafkaAdmin) {
            return new KafkaHealthIndicator(kafkaAdmin, CHECK_TIMEOUT);
        }
    }

    /**
     * {@code twitter_ready}: 1 while {@code /ready} says this instance can serve, else 0, from
     * the last background check (a scrape costs no dependency call); observability/rules.yml
     * alerts on it (ServiceNotReady).
     */
    @Bean
    MeterBinder readinessMetric(DependencyHealth health) {
        return registry -> Gauge.builder("twitter.ready", health, h -> h.check().isReady() ? 1 : 0)
                .description("1 while /ready says this instance can serve requests, else 0").register(registry);
    }

    @Bean
    MeterRegistryCustomizer<MeterRegistry> commonTags(Environment env) {
        String application = env.getProperty("spring.application.name", "application");
        String instance = env.getProperty("twitter.instance",
                env.getProperty("HOSTNAME", "localhost") + ":" + env.getProperty("server.port", "8080"));
        return registry -> registry.config().commonTags("application", application, "instance", instance);
    }
}
