package dev.twitterlike.common.resilience;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * The one {@link Breakers} of a service that has resilience4j, bound to its meter registry
 * (a private one when it has none).
 */
@AutoConfiguration
@ConditionalOnClass({CircuitBreakerRegistry.class, TaggedCircuitBreakerMetrics.class, MeterRegistry.class})
public class BreakersAutoConfiguration {

    @Bean
    Breakers breakers(ObjectProvider<MeterRegistry> meters) {
        return new Breakers(meters.getIfAvailable(SimpleMeterRegistry::new));
    }
}
