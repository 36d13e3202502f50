package dev.twitterlike.timeline;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * @param ttl             a cached home timeline lives this long after its owner's last read
 * @param demotionWindow  authors demoted from celebrity are still pulled this long
 * @param recentSize      recent tweets kept per author for pulls
 * @param recentTtl       how long a recent list this service loaded stays cached
 * @param streamHeartbeat how often an idle SSE stream gets a comment line (keeps proxies from closing it)
 */
@ConfigurationProperties("twitter.timeline")
public record TimelineProperties(Duration ttl, Duration demotionWindow, int recentSize, Duration recentTtl,
        Duration streamHeartbeat) {
}
