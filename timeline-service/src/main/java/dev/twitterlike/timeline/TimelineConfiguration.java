package dev.twitterlike.timeline;

import dev.twitterlike.common.resilience.Breakers;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
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
                TopicBuilder.name(Topics.RETWEET_CREATED).partitions(6).replicas(1).build(),
                TopicBuilder.name(Topics.SESSION_ENDED).partitions(6).replicas(1).build());
    }

    /**
     * The design's "Redis timeline" breaker: after 5 failures it opens for 30 s and home
     * timelines are served from PostgreSQL without waiting on Valkey's timeouts. Its state is
     * exported as {@code resilience4j_circuitbreaker_state{name="redis-timeline"}}.
     */
    @Bean
    CircuitBreaker redisTimelineBreaker(MeterRegistry meters) {
        return Breakers.consecutiveFailures("redis-timeline", 5, Duration.ofSeconds(30), meters);
    }
}
