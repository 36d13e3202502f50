package dev.twitterlike.tweetviews;

import dev.twitterlike.common.db.ReplicaAutoConfiguration;
import dev.twitterlike.common.db.ReplicaReads;
import dev.twitterlike.common.resilience.Breakers;
import dev.twitterlike.common.resilience.BreakersAutoConfiguration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcClientAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Duration;

/**
 * The one {@link TweetCache} of every service with Valkey, and a {@link TweetViews} for every
 * service with a database (cached when there is a {@link TweetCache}).
 */
@AutoConfiguration(after = {JdbcClientAutoConfiguration.class, ReplicaAutoConfiguration.class, DataRedisAutoConfiguration.class, BreakersAutoConfiguration.class})
@EnableConfigurationProperties(TweetCacheProperties.class)
public class TweetViewsAutoConfiguration {

    @Bean
    @ConditionalOnBean(StringRedisTemplate.class)
    @ConditionalOnMissingBean
    TweetCache tweetCache(StringRedisTemplate redis, TweetCacheProperties properties) {
        return new TweetCache(redis, properties);
    }

    /**
     * Hydration's breaker on the cache, {@code redis-tweets}: after 5 failures it opens for 30 s
     * and pages come from PostgreSQL without waiting on Valkey's timeouts (as the timeline's
     * {@code redis-timeline} does for the lists).
     */
    @Bean
    @ConditionalOnBean({JdbcClient.class, ReplicaReads.class})
    @ConditionalOnMissingBean
    TweetViews tweetViews(JdbcClient jdbc, ReplicaReads replica, ObjectProvider<TweetCache> cache, ObjectProvider<Breakers> breakers) {
        TweetCache tweetCache = cache.getIfAvailable();
        Breakers registry = breakers.getIfAvailable();
        if (tweetCache == null || registry == null) {
            return new TweetViews(jdbc, replica);
        }
        return new TweetViews(jdbc, replica, tweetCache, registry.consecutiveFailures("redis-tweets", 5, Duration.ofSeconds(30)));
    }
}
