package dev.twitterlike.fanout;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * @param batchSize           followers read and written per pipelined batch
 * @param recentSize          recent tweets kept per author in {@code recent:<id>}
 * @param recentTtl           how long an author's recent list lives after its last tweet
 * @param listenerConcurrency consumer threads (partitions are shared among them and among workers)
 */
@ConfigurationProperties("twitter.fanout")
public record FanoutProperties(int batchSize, int recentSize, Duration recentTtl, int listenerConcurrency) {
}
