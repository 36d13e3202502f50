package dev.twitterlike.common.resilience;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.Duration;

/**
 * The circuit breakers of the design's table ("5 failures, 30 s"), every one of a service made
 * here, in one registry ({@link BreakersAutoConfiguration} provides it as a bean): a breaker
 * that opens after {@code failures} calls in a row fail and stays open for {@code openFor},
 * then lets one call through to test the dependency. Their state and calls are exported to
 * Prometheus as {@code resilience4j_circuitbreaker_state{name="..."}} and friends.
 */
public final class Breakers {

    private final CircuitBreakerRegistry registry = CircuitBreakerRegistry.ofDefaults();

    public Breakers(MeterRegistry meters) {
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(registry).bindTo(meters);
    }

    public CircuitBreaker consecutiveFailures(String name, int failures, Duration openFor) {
        return registry.circuitBreaker(name, CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(failures)
                .minimumNumberOfCalls(failures)
                .failureRateThreshold(100)
                .waitDurationInOpenState(openFor)
                .permittedNumberOfCallsInHalfOpenState(1)
                .build());
    }
}
