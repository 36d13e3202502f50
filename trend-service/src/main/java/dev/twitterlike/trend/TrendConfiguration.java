package dev.twitterlike.trend;

import dev.twitterlike.common.resilience.Breakers;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;
import java.time.Duration;

@Configuration(proxyBeanMethods = false)
class TrendConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /**
     * The design's trend breaker: 3 failures in a row open it for 60 s, during which reads are
     * answered at once from the last good list kept in memory (marked stale) and the refresher
     * does not wait on Valkey's timeouts.
     */
    @Bean
    CircuitBreaker redisTrendsBreaker(Breakers breakers, TrendProperties properties) {
        return breakers.consecutiveFailures("redis-trends", 3, properties.breakerOpen());
    }

    /**
     * Counting writes, like the fanout's: 5 failures open it for 30 s; while open the events
     * fail fast and wait in Kafka (retried by the error handler) instead of piling up here.
     */
    @Bean
    CircuitBreaker redisCountingBreaker(Breakers breakers) {
        return breakers.consecutiveFailures("redis-trend-counting", 5, Duration.ofSeconds(30));
    }
}
