package dev.twitterlike.timeline;

import dev.twitterlike.common.resilience.Breakers;
import dev.twitterlike.common.web.LiveStreams;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Duration;

@Configuration(proxyBeanMethods = false)
class TimelineConfiguration {

    /**
     * The design's "Redis timeline" breaker: after 5 failures it opens for 30 s and home
     * timelines are served from PostgreSQL without waiting on Valkey's timeouts. Its state is
     * exported as {@code resilience4j_circuitbreaker_state{name="redis-timeline"}}.
     */
    @Bean
    CircuitBreaker redisTimelineBreaker(Breakers breakers) {
        return breakers.consecutiveFailures("redis-timeline", 5, Duration.ofSeconds(30));
    }

    /** The hub of the home timeline streams this instance holds ({@code HomeStream} says what goes to whom). */
    @Bean
    LiveStreams<LiveStreams.Connection> homeStreams(LiveStreams.Limits limits) {
        return new LiveStreams<>(limits);
    }
}
