package dev.twitterlike.fanout;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The worker's own settings; the timeline store's sizes and TTLs are {@code twitter.timeline-store.*}
 * (common's {@code TimelineStoreProperties}), shared with timeline-service.
 *
 * @param batchSize           followers read and written per pipelined batch
 * @param maxInFlight         pipelined batches of one event sent to Valkey and not yet answered, at most
 * @param listenerConcurrency consumer threads (partitions are shared among them and among workers)
 */
@ConfigurationProperties("twitter.fanout")
public record FanoutProperties(int batchSize, int maxInFlight, int listenerConcurrency) {
}
