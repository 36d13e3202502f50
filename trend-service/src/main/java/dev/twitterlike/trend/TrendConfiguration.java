package dev.twitterlike.trend;

import dev.twitterlike.common.events.ConsumerErrors;
import dev.twitterlike.common.events.Topics;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DefaultErrorHandler;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

@Configuration(proxyBeanMethods = false)
class TrendConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    CircuitBreakerRegistry circuitBreakerRegistry(MeterRegistry meters) {
        CircuitBreakerRegistry registry = CircuitBreakerRegistry.ofDefaults();
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(registry).bindTo(meters);
        return registry;
    }

    /**
     * The design's trend breaker: 3 failures in a row open it for 60 s, during which reads are
     * answered at once from the last good list kept in memory (marked stale) and the refresher
     * does not wait on Valkey's timeouts.
     */
    @Bean
    CircuitBreaker redisTrendsBreaker(CircuitBreakerRegistry registry, TrendProperties properties) {
        return registry.circuitBreaker("redis-trends", breaker(3, properties.breakerOpen()));
    }

    /**
     * Counting writes, like the fanout's: 5 failures open it for 30 s; while open the events
     * fail fast and wait in Kafka (retried by the error handler) instead of piling up here.
     */
    @Bean
    CircuitBreaker redisCountingBreaker(CircuitBreakerRegistry registry) {
        return registry.circuitBreaker("redis-trend-counting", breaker(5, Duration.ofSeconds(30)));
    }

    private static CircuitBreakerConfig breaker(int failures, Duration open) {
        return CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(failures)
                .minimumNumberOfCalls(failures)
                .failureRateThreshold(100)
                .waitDurationInOpenState(open)
                .permittedNumberOfCallsInHalfOpenState(1)
                .build();
    }

    /**
     * The topics this service reads, declared here as well as by their producer (whichever
     * starts first creates them, with the producer's partition count), plus their dead-letter topics.
     */
    @Bean
    KafkaAdmin.NewTopics consumedTopics() {
        List<NewTopic> topics = new ArrayList<>();
        for (String topic : List.of(Topics.TWEET_CREATED, Topics.TWEET_DELETED)) {
            topics.add(TopicBuilder.name(topic).partitions(6).replicas(1).build());
            topics.add(TopicBuilder.name(Topics.deadLetter(topic)).partitions(1).replicas(1).build());
        }
        return new KafkaAdmin.NewTopics(topics.toArray(NewTopic[]::new));
    }

    @Bean
    DefaultErrorHandler kafkaErrorHandler(KafkaTemplate<Object, Object> template) {
        return ConsumerErrors.retryThenDeadLetter(template);
    }
}
