package dev.twitterlike.trend.counting;

import dev.twitterlike.trend.TrendProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;

/**
 * The design's retention: hashtag activity (and deleted-tweet tombstones) 90 days
 * ({@code twitter.trends.activity-retention}), processed event ids 7 days
 * ({@code twitter.trends.processed-events-retention}: Kafka keeps events 7 days, so no redelivery
 * can be older). Hourly, in batches of 5,000 rows; several instances purging at once only find
 * less to delete.
 */
@Component
public class ActivityRetention {

    private static final Logger log = LoggerFactory.getLogger(ActivityRetention.class);
    private final HashtagActivity activity;
    private final TrendProperties properties;
    private final Clock clock;

    ActivityRetention(HashtagActivity activity, TrendProperties properties, Clock clock) {
        this.activity = activity;
        this.properties = properties;
        this.clock = clock;
    }

    @Scheduled(initialDelayString = "PT1M", fixedDelayString = "PT1H")
    void scheduled() {
        try {
            purge();
        } catch (RuntimeException e) {
            log.warn("hashtag activity not purged: {}", e.toString());
        }
    }

    /** Deletes what is past retention; returns the number of rows deleted. */
    public long purge() {
        Instant now = clock.instant();
        long purged = activity.purge(now.minus(properties.activityRetention()), now.minus(properties.processedEventsRetention()));
        if (purged > 0) {
            log.info("purged {} rows of hashtag activity past retention", purged);
        }
        return purged;
    }
}
