package dev.twitterlike.fanout;

import dev.twitterlike.common.resilience.Breakers;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Duration;

@Configuration(proxyBeanMethods = false)
class FanoutConfiguration {

    /**
     * The design's fanout breaker: 5 failures in a row open it for 30 s. While open, writes fail
     * at once and the events wait in Kafka (the consumer retries them) instead of piling up here.
     */
    @Bean
    CircuitBreaker redisFanoutBreaker(Breakers breakers) {
        return breakers.consecutiveFailures("redis-fanout", 5, Duration.ofSeconds(30));
    }
}
