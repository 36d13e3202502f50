package dev.twitterlike.timeline;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import dev.twitterlike.common.events.Topics;

import java.time.Duration;

@Configuration(proxyBeanMethods = false)
class TimelineConfiguration {

    /** The topics the live stream reads, created here too if their producer has not started yet. */
    @Bean
    KafkaAdmin.NewTopics streamedTopics() {
        return new KafkaAdmin.NewTopics(
                TopicBuilder.name(Topics.TWEET_CREATED).partitions(6).replicas(1).build(),
                TopicBuilder.name(Topics.RETWEET_CREATED).partitions(6).replicas(1).build());
    }

    /**
     * The design's "Redis timeline" breaker: after 5 failures it opens for 30 s and home
     * timelines are served from PostgreSQL without waiting on Valkey's timeouts. Its state is
     * exported as {@code resilience4j_circuitbreaker_state{name="redis-timeline"}}.
     */
    @Bean
    CircuitBreaker redisTimelineBreaker(MeterRegistry meters) {
        CircuitBreakerRegistry registry = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(5)
                .minimumNumberOfCalls(5)
                .failureRateThreshold(100)
                .waitDurationInOpenState(Duration.ofSeconds(30))
                .permittedNumberOfCallsInHalfOpenState(1)
                .build());
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(registry).bindTo(meters);
        return registry.circuitBreaker("redis-timeline");
    }
}
