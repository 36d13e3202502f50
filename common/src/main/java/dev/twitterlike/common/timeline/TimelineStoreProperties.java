package dev.twitterlike.common.timeline;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * The shape of the home-timeline store, configured once for every service that uses it
 * ({@code twitter.timeline-store.*}; the defaults are here, in no service's YAML, so the writers
 * and the readers cannot disagree).
 *
 * @param timelineSize entries kept per home timeline ({@code timeline:{userId}}); older ones are trimmed
 * @param timelineTtl  how long a cached home timeline lives after its owner last read it
 * @param recentSize   entries kept per author in their recent list ({@code recent:{authorId}}), for pulls and follow backfills
 * @param recentTtl    how long a recent list lives after it was last written
 * @param followingTtl how long a cached copy of whom a user follows lives ({@code following:{userId}})
 * @param activeWindow an owner who read their timeline within this long is active: influencers'
 *                     entries are pushed only to active owners, the others catch up at their next read
 */
@ConfigurationProperties("twitter.timeline-store")
public record TimelineStoreProperties(@DefaultValue("800") int timelineSize, @DefaultValue("7d") Duration timelineTtl,
        @DefaultValue("200") int recentSize, @DefaultValue("7d") Duration recentTtl,
        @DefaultValue("1d") Duration followingTtl, @DefaultValue("1d") Duration activeWindow) {

    public TimelineStoreProperties {
        if (timelineSize < 2 || recentSize < 2) {
            throw new IllegalArgumentException("timeline-size and recent-size must be at least 2 (one entry and the sentinel)");
        }
    }

    /** The defaults, for code outside Spring (the bench). */
    public static TimelineStoreProperties defaults() {
        return new TimelineStoreProperties(800, Duration.ofDays(7), 200, Duration.ofDays(7), Duration.ofDays(1), Duration.ofDays(1));
    }
}
