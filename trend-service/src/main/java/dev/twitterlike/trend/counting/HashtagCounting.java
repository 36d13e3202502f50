package dev.twitterlike.trend.counting;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Service;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Applies tweet events: PostgreSQL first (activity and the event id in one transaction), then,
 * after the commit, the Valkey buckets. The Valkey step runs for redeliveries too, from what
 * PostgreSQL holds: if it failed after the commit, the event is retried by Kafka and this time
 * reaches the buckets; if it had succeeded, the scripts change nothing.
 */
@Service
class HashtagCounting {

    private final HashtagActivity activity;
    private final BucketWriter buckets;
    private final MeterRegistry meters;

    HashtagCounting(HashtagActivity activity, BucketWriter buckets, MeterRegistry meters) {
        this.activity = activity;
        this.buckets = buckets;
        this.meters = meters;
    }

    void created(UUID eventId, long tweetId, long authorId, Instant occurredAt, List<String> hashtags) {
        HashtagActivity.Created created = activity.created(eventId, tweetId, authorId, occurredAt, hashtags);
        if (created.counted() != null) {
            buckets.count(created.counted());
        }
        counted("created", created.fresh());
    }

    void deleted(UUID eventId, long tweetId, long authorId) {
        HashtagActivity.Deleted deleted = activity.deleted(eventId, tweetId, authorId);
        TweetHashtags gone = deleted.uncounted();
        buckets.uncount(gone);
        if (!gone.hashtags().isEmpty() && buckets.live(gone)) {
            buckets.resetAuthors(gone, activity.authorsByScope(gone.hashtags(), gone.minute()));
        }
        counted("deleted", deleted.fresh());
    }

    private void counted(String type, boolean fresh) {
        Counter.builder("twitter.trends.events").description("tweet events applied to the trends (duplicates: redeliveries)")
                .tag("type", type).tag("result", fresh ? "applied" : "duplicate").register(meters).increment();
    }
}
