package dev.twitterlike.trend;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * @param refreshInterval     how often the top lists are recomputed and cached (reads never compute)
 * @param resultSize          trends kept per list (the most a reader can ask for)
 * @param resultTtl           how long a cached list outlives the last instance that refreshed it
 * @param risingVelocity      velocity from which a trend is rising (1.0 = the last hour doubled the one before)
 * @param risingMinAuthors    distinct authors a rising trend needs, so three tweets are not a movement
 * @param breakerOpen         how long the trends breaker stays open after 3 failures (the design's 60 s)
 * @param locationCacheTtl    how long an author's location key is trusted without reading graph.users
 * @param activityRetention   hashtag activity (and deleted-tweet tombstones) kept in PostgreSQL (the design's 90 days)
 * @param processedEventsRetention processed event ids kept against redelivery (7 days: Kafka keeps events 7 days)
 * @param listenerConcurrency consumer threads
 */
@ConfigurationProperties("twitter.trends")
public record TrendProperties(Duration refreshInterval, int resultSize, Duration resultTtl, double risingVelocity,
        int risingMinAuthors, Duration breakerOpen, Duration locationCacheTtl, Duration activityRetention,
        Duration processedEventsRetention, int listenerConcurrency) {
}
