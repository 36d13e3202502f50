package dev.twitterlike.trend.counting;

import dev.twitterlike.trend.TrendKeys;

import java.time.Instant;
import java.util.List;

/**
 * What one tweet adds to the buckets: its distinct hashtags, counted in the minute of
 * {@code occurredAt} for the whole site and, when its author has one, the author's location.
 */
record TweetHashtags(long tweetId, long authorId, String locationKey, Instant occurredAt, List<String> hashtags) {

    long minute() {
        return TrendKeys.minuteOf(occurredAt);
    }
}
