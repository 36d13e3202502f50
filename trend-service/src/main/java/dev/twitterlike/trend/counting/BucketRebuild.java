package dev.twitterlike.trend.counting;

import dev.twitterlike.trend.TrendKeys;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Rebuilds the Valkey buckets from PostgreSQL's hashtag activity when Valkey has lost them (a
 * restart without persistence, a flush). Loss is told by the {@code {trends}:rebuilt} marker,
 * which a rebuild sets last and nothing else writes: checked at startup and on every refresh
 * interval, so buckets come back within seconds of Valkey. The rebuild replays the last two
 * hours through the same idempotent script as live counting, so events arriving meanwhile, or
 * two instances rebuilding at once, count nothing twice.
 */
@Component
public class BucketRebuild {

    private static final Logger log = LoggerFactory.getLogger(BucketRebuild.class);
    private static final int PAGE = 500;

    private final HashtagActivity activity;
    private final BucketWriter buckets;
    private final StringRedisTemplate redis;
    private final Clock clock;

    BucketRebuild(HashtagActivity activity, BucketWriter buckets, StringRedisTemplate redis, Clock clock) {
        this.activity = activity;
        this.buckets = buckets;
        this.redis = redis;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${twitter.trends.refresh-interval}")
    void check() {
        try {
            rebuildIfLost();
        } catch (CallNotPermittedException open) {
            log.debug("trend buckets not checked: breaker open");
        } catch (RuntimeException e) {
            log.warn("trend buckets not checked or rebuilt: {}", e.toString());
        }
    }

    /** Rebuilds when the marker is missing; true when it did. */
    public boolean rebuildIfLost() {
        if (Boolean.TRUE.equals(redis.hasKey(TrendKeys.REBUILT))) {
            return false;
        }
        rebuild();
        return true;
    }

    /** What a rebuild replayed: the tweets with hashtags since {@code since}, and the deleted-tweet marks restored. */
    public record Rebuilt(long tweets, long deleted, Instant since, long millis) {
    }

    /**
     * Replays the activity of the buckets' lifetime (2 hours) and restores the deleted-tweet
     * marks. Also the operation {@code scripts/rebuild-trends.sh} runs: it puts back whatever
     * Valkey lost, and counts nothing twice.
     */
    public Rebuilt rebuild() {
        long started = System.nanoTime();
        Instant now = clock.instant();
        Instant from = TrendKeys.startOf(TrendKeys.minuteOf(now.minus(TrendKeys.BUCKET_LIFETIME)));
        List<Long> deleted = activity.deletedSince(now.minus(TrendKeys.BUCKET_LIFETIME));
        buckets.markDeleted(deleted);
        long tweets = 0;
        long after = Long.MIN_VALUE;
        while (true) {
            List<TweetHashtags> page = activity.since(from, after, PAGE);
            buckets.countAll(page);
            tweets += page.size();
            if (page.size() < PAGE) {
                break;
            }
            after = page.get(page.size() - 1).tweetId();
        }
        redis.opsForValue().set(TrendKeys.REBUILT, now.toString());
        long millis = (System.nanoTime() - started) / 1_000_000;
        log.info("trend buckets rebuilt from PostgreSQL: {} tweets since {} in {} ms", tweets, from, millis);
        return new Rebuilt(tweets, deleted.size(), from, millis);
    }
}
