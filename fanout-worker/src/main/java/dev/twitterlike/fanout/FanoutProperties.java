package dev.twitterlike.fanout;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * The worker's own settings; the timeline store's sizes and TTLs are {@code twitter.timeline-store.*}
 * (common's {@code TimelineStoreProperties}), shared with timeline-service.
 *
 * @param batchSize           followers read and written per pipelined batch
 * @param maxInFlight         pipelined batches of one event sent to Valkey and not yet answered, at most
 * @param listenerConcurrency consumer threads (partitions are shared among them and among workers)
 * @param journeyTtl          how long each new tweet's journey is kept for the Lab page ({@code journey:{id}}); 0: not recorded
 */
@ConfigurationProperties("twitter.fanout")
public record FanoutProperties(int batchSize, int maxInFlight, int listenerConcurrency,
        Duration journeyTtl) {
}
