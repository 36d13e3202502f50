package dev.twitterlike.timeline;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * The service's own settings; the timeline store's sizes and TTLs are {@code twitter.timeline-store.*}
 * (common's {@code TimelineStoreProperties}), shared with fanout-worker.
 *
 * @param demotionWindow  authors demoted from celebrity are still pulled this long
 * @param streamHeartbeat how often an idle SSE stream gets a comment line (keeps proxies from closing it)
 */
@ConfigurationProperties("twitter.timeline")
public record TimelineProperties(Duration demotionWindow, Duration streamHeartbeat) {
}
