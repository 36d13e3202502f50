package dev.twitterlike.fanout.push;

import dev.twitterlike.common.timeline.TimelineEntry;
import dev.twitterlike.fanout.FanoutProperties;
import dev.twitterlike.fanout.timeline.TimelineWriter;
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
    private final TimelineWriter timelines;
    private final FanoutProperties properties;
    private final Timer duration;

    Fanout(SocialGraph graph, TimelineWriter timelines, FanoutProperties properties, MeterRegistry meters) {
        this.graph = graph;
        this.timelines = timelines;
        this.properties = properties;
        this.duration = Timer.builder("twitter.fanout.duration").description("time to fan one tweet out")
                .publishPercentileHistogram().register(meters);
    }

    /** A new tweet or retweet by {@code sourceId}. Idempotent: a redelivery inserts nothing twice. */
    public void distribute(TimelineEntry entry) {
        duration.record(() -> {
            long source = entry.sourceId();
            timelines.pushToRecent(source, entry);
            timelines.pushToTimelines(List.of(source), entry);
            if (graph.isCelebrity(source)) {
                return; // pulled at read time
            }
            long after = Long.MIN_VALUE;
            while (true) {
                List<Long> followers = graph.followersAfter(source, after, properties.batchSize());
                if (followers.isEmpty()) {
                    return;
                }
                timelines.pushToTimelines(followers, entry);
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
        List<String> keys = new ArrayList<>();
        keys.add(TimelineEntry.recentKey(sourceId));
        keys.add(TimelineEntry.timelineKey(sourceId));
        long after = Long.MIN_VALUE;
        while (true) {
            List<Long> followers = graph.followersAfter(sourceId, after, properties.batchSize());
            followers.forEach(f -> keys.add(TimelineEntry.timelineKey(f)));
            if (followers.size() < properties.batchSize()) {
                break;
            }
            after = followers.get(followers.size() - 1);
        }
        timelines.removeTweet(keys, idToRemove);
    }

    /** A new follow: the followee's recent tweets join the follower's cached timeline (Mastodon's merge). */
    public void backfill(long followerId, long followeeId) {
        List<String> recent = timelines.recent(followeeId);
        List<TimelineEntry> entries = new ArrayList<>();
        if (recent != null) {
            recent.forEach(e -> entries.add(TimelineEntry.decode(e)));
        } else {
            for (long[] row : graph.recentActivity(followeeId, properties.recentSize())) {
                entries.add(row[0] == row[1] ? TimelineEntry.tweet(row[1], followeeId) : TimelineEntry.retweet(row[0], followeeId, row[1]));
            }
        }
        timelines.merge(followerId, entries);
        timelines.renewFollowingStamp(followerId);
    }

    /** An unfollow: everything that came from the followee leaves the follower's cached timeline. */
    public void unmerge(long followerId, long followeeId) {
        timelines.removeSource(followerId, followeeId);
        timelines.renewFollowingStamp(followerId);
    }
}
