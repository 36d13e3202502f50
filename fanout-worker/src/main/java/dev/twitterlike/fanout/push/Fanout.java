package dev.twitterlike.fanout.push;

import dev.twitterlike.common.timeline.TimelineEntry;
import dev.twitterlike.fanout.FanoutProperties;
import dev.twitterlike.common.timeline.TimelineStore;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Service;

import java.util.ArrayList;
import java.util.List;

/**
 * The hybrid fanout. A normal author's tweet (or retweet) goes into the cached home timeline
 * of every follower, a batch of followers per round trip, and into the author's own. A
 * celebrity's does not: followers pull it at read time from the author's recent list, which
 * is kept for every author so that a pull or a follow backfill never needs PostgreSQL when
 * Valkey has it.
 */
@Service
public class Fanout {

    private final SocialGraph graph;
    private final TimelineStore timelines;
    private final CircuitBreaker breaker;
    private final FanoutProperties properties;
    private final Timer duration;
    private final Counter writes;

    Fanout(SocialGraph graph, TimelineStore timelines, CircuitBreaker redisFanoutBreaker, FanoutProperties properties,
            MeterRegistry meters) {
        this.graph = graph;
        this.timelines = timelines;
        this.breaker = redisFanoutBreaker;
        this.properties = properties;
        this.duration = Timer.builder("twitter.fanout.duration").description("time to fan one tweet out")
                .publishPercentileHistogram().register(meters);
        this.writes = Counter.builder("twitter.fanout.writes").description("timeline inserts sent to Valkey").register(meters);
    }

    /** A new tweet or retweet by {@code sourceId}. Idempotent: a redelivery inserts nothing twice. */
    public void distribute(TimelineEntry entry) {
        duration.record(() -> {
            long source = entry.sourceId();
            valkey(() -> timelines.pushToRecent(source, entry));
            push(List.of(source), entry);
            if (graph.isCelebrity(source)) {
                return; // pulled at read time
            }
            long after = Long.MIN_VALUE;
            while (true) {
                List<Long> followers = graph.followersAfter(source, after, properties.batchSize());
                if (followers.isEmpty()) {
                    return;
                }
                push(followers, entry);
                if (followers.size() < properties.batchSize()) {
                    return;
                }
                after = followers.get(followers.size() - 1);
            }
        });
    }

    /**
     * A deleted tweet (or undone retweet) leaves every cached timeline it was pushed to, and
     * the recent list. Readers filter deleted tweets too, so nothing stale shows meanwhile.
     */
    public void retract(long sourceId, long idToRemove) {
        List<Long> owners = new ArrayList<>();
        owners.add(sourceId);
        long after = Long.MIN_VALUE;
        while (true) {
            List<Long> followers = graph.followersAfter(sourceId, after, properties.batchSize());
            owners.addAll(followers);
            if (followers.size() < properties.batchSize()) {
                break;
            }
            after = followers.get(followers.size() - 1);
        }
        valkey(() -> {
            timelines.removeFromRecent(sourceId, idToRemove);
            timelines.removeTweet(owners, idToRemove);
        });
    }

    /** A new follow: the followee's recent tweets join the follower's cached timeline (Mastodon's merge). */
    public void backfill(long followerId, long followeeId) {
        List<TimelineEntry> entries = breaker.executeSupplier(() -> timelines.recent(followeeId));
        if (entries == null) {
            entries = new ArrayList<>();
            for (long[] row : graph.recentActivity(followeeId, timelines.properties().recentSize())) {
                entries.add(row[0] == row[1] ? TimelineEntry.tweet(row[1], followeeId) : TimelineEntry.retweet(row[0], followeeId, row[1]));
            }
        }
        List<TimelineEntry> merged = entries;
        valkey(() -> {
            timelines.merge(followerId, merged);
            // graph-service renewed the stamp at commit; this covers a renewal it could not make
            timelines.renewFollowingStamp(followerId);
        });
    }

    /** An unfollow: everything that came from the followee leaves the follower's cached timeline. */
    public void unmerge(long followerId, long followeeId) {
        valkey(() -> {
            timelines.removeSource(followerId, followeeId);
            timelines.renewFollowingStamp(followerId);
        });
    }

    private void push(List<Long> userIds, TimelineEntry entry) {
        valkey(() -> timelines.push(userIds, entry));
        writes.increment(userIds.size());
    }

    /**
     * Every Valkey call goes through the {@code redis-fanout} breaker: while Valkey fails, calls
     * fail fast and the Kafka error handler retries the event later instead of dropping it.
     */
    private void valkey(Runnable call) {
        breaker.executeRunnable(call);
    }
}
