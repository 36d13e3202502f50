package dev.twitterlike.timeline.lab;

import dev.twitterlike.common.ids.Snowflake;
import dev.twitterlike.common.lab.FanoutJourney;
import dev.twitterlike.common.web.Problems;
import dev.twitterlike.timeline.home.TimelineSql;
import dev.twitterlike.tweetviews.TweetView;
import dev.twitterlike.tweetviews.TweetViews;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code GET /api/lab/journey/{tweetId}}: a tweet's way from the POST to its followers'
 * timelines, each step with its time, for the Lab page's "watch a tweet travel". The reading
 * side of fanout-worker's {@code journey:{id}} ({@link FanoutJourney}); the tweet itself comes from
 * the read model (a deleted or unknown one is a 404), a celebrity's follower count from
 * PostgreSQL.
 */
@Service
public class TweetJourneys {

    /** The steps, in the order they happen. */
    public static final List<String> STEPS = List.of("accepted", "relayed", "fanoutStarted", "visible", "fanoutDone");

    /**
     * @param tier     the author's tier as the fanout saw it; null until the worker is done
     * @param done     the fanout is done (every step it will have is there)
     * @param delivery who got it; null until done
     * @param steps    the steps that happened, in order ({@link #STEPS}); {@code visible} is missing
     *                 when no follower's timeline was written (none is cached, or all are away)
     */
    public record Journey(String tweetId, String authorId, String tier, boolean done, Delivery delivery, List<Step> steps) {
    }

    /**
     * @param followers followers of the author (for a pushed tier: those the fanout went through)
     * @param written   their cached timelines it was written into
     * @param skipped   skipped as away (the influencer tier): they catch up at their next read
     * @param uncached  without a cached timeline: theirs is rebuilt from PostgreSQL at their next read
     * @param pulled    followers who pull it at read time (a celebrity's: all of them)
     */
    public record Delivery(long followers, long written, long skipped, long uncached, long pulled) {
    }

    /** A step: its name, when, and how long after the tweet was accepted (milliseconds). */
    public record Step(String name, Instant at, long afterMs) {
    }

    private final StringRedisTemplate redis;
    private final TweetViews views;
    private final TimelineSql sql;

    TweetJourneys(StringRedisTemplate redis, TweetViews views, TimelineSql sql) {
        this.redis = redis;
        this.views = views;
        this.sql = sql;
    }

    public Journey of(long tweetId) {
        TweetView tweet = views.inOrder(List.of(tweetId), null).stream().findFirst()
                .orElseThrow(() -> Problems.notFound("Tweet", tweetId));
        FanoutJourney journey;
        try {
            journey = FanoutJourney.fromHash(redis.opsForHash().entries(FanoutJourney.key(tweetId)));
        } catch (RuntimeException e) {
            throw Problems.unavailable("Valkey cannot be reached; try again shortly");
        }
        long accepted = Snowflake.instantOf(tweetId).toEpochMilli();
        List<Step> steps = new ArrayList<>();
        steps.add(step("accepted", accepted, accepted));
        if (journey == null) {
            return new Journey(tweet.id(), tweet.author().id(), null, false, null, steps);
        }
        boolean pulled = journey.tier().equals("celebrity");
        steps.add(step("relayed", journey.relayedAt(), accepted));
        steps.add(step("fanoutStarted", journey.receivedAt(), accepted));
        long visible = pulled ? journey.recentAt() : journey.visibleAt();
        if (visible > 0) {
            steps.add(step("visible", visible, accepted));
        }
        steps.add(step("fanoutDone", journey.doneAt(), accepted));
        Delivery delivery;
        if (pulled) {
            long followers = sql.followerCount(Long.parseLong(tweet.author().id()));
            delivery = new Delivery(followers, 0, 0, 0, followers);
        } else {
            delivery = new Delivery(journey.followers(), journey.written(), journey.skipped(),
                    Math.max(0, journey.followers() - journey.written() - journey.skipped()), 0);
        }
        return new Journey(tweet.id(), tweet.author().id(), journey.tier(), true, delivery, steps);
    }

    private static Step step(String name, long at, long accepted) {
        return new Step(name, Instant.ofEpochMilli(at), at - accepted);
    }
}
