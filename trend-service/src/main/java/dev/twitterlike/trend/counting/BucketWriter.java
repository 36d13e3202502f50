package dev.twitterlike.trend.counting;

import dev.twitterlike.trend.TrendKeys;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.connection.ReturnType;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Every write counting makes to Valkey, through Lua scripts so that each tweet's change to the
 * buckets is atomic and idempotent: a tweet is counted at most once (its id goes into the
 * author's {@code trends:seen} set of the minute), uncounted at most once, and never counted
 * after its deletion. Retried events and rebuilds can therefore replay freely. Writes go
 * through the {@code redis-trend-counting} circuit breaker: while Valkey fails, events fail
 * fast and wait in Kafka.
 */
@Component
class BucketWriter {

    private final StringRedisTemplate redis;
    private final CircuitBreaker breaker;
    private final Clock clock;
    private final byte[] countScript = script("count.lua");
    private final RedisScript<Long> uncount = RedisScript.of(new ClassPathResource("dev/twitterlike/trend/counting/uncount.lua"), Long.class);
    private final RedisScript<Long> resetAuthors = RedisScript.of(new ClassPathResource("dev/twitterlike/trend/counting/authors-reset.lua"), Long.class);

    BucketWriter(StringRedisTemplate redis, CircuitBreaker redisCountingBreaker, Clock clock) {
        this.redis = redis;
        this.breaker = redisCountingBreaker;
        this.clock = clock;
    }

    /** False when the tweet's minute has left the 2-hour bucket lifetime: nothing in Valkey to change. */
    boolean live(TweetHashtags tweet) {
        return TrendKeys.expireAtSeconds(tweet.minute()) > clock.instant().getEpochSecond();
    }

    void count(TweetHashtags tweet) {
        countAll(List.of(tweet));
    }

    /** Counts tweets, one pipelined round trip for all of them (a rebuild sends pages of them). */
    void countAll(Collection<TweetHashtags> tweets) {
        List<TweetHashtags> live = tweets.stream().filter(t -> !t.hashtags().isEmpty() && live(t)).toList();
        if (live.isEmpty()) {
            return;
        }
        // EVAL with the body (about 1.5 KB), not EVALSHA: nothing to load first on whichever node
        // holds the slot, and Valkey caches the compiled script by its SHA-1 anyway
        breaker.executeRunnable(() -> redis.executePipelined((RedisCallback<Object>) connection -> {
            for (TweetHashtags tweet : live) {
                connection.scriptingCommands().eval(countScript, ReturnType.INTEGER, 1, keyAndArgs(args(tweet,
                        Long.toString(TrendKeys.expireAtSeconds(tweet.minute())))));
            }
            return null;
        }));
    }

    /** Takes a deleted tweet out of its buckets (if it is in them) and marks it deleted for 2 hours. */
    void uncount(TweetHashtags tweet) {
        List<String> args = args(tweet, Long.toString(TrendKeys.BUCKET_LIFETIME.toSeconds()));
        breaker.executeRunnable(() -> redis.execute(uncount, List.of(TrendKeys.LOCATIONS), args.toArray()));
    }

    /** Marks tweets deleted (a rebuild restores the tombstones Valkey lost). */
    void markDeleted(Collection<Long> tweetIds) {
        if (tweetIds.isEmpty()) {
            return;
        }
        breaker.executeRunnable(() -> redis.executePipelined((RedisCallback<Object>) connection -> {
            for (long id : tweetIds) {
                connection.stringCommands().setEx(bytes(TrendKeys.deleted(id)), TrendKeys.BUCKET_LIFETIME.toSeconds(), bytes("1"));
            }
            return null;
        }));
    }

    /**
     * Sets the authors' HyperLogLogs of a deleted tweet's minute to the authors PostgreSQL still
     * has ({@link HashtagActivity#authorsByScope}): a HyperLogLog cannot forget one author.
     */
    void resetAuthors(TweetHashtags tweet, Map<String, List<Long>> authorsByScope) {
        List<String> keys = new ArrayList<>();
        List<String> args = new ArrayList<>();
        args.add(Long.toString(TrendKeys.expireAtSeconds(tweet.minute())));
        for (String tag : tweet.hashtags()) {
            addAuthors(keys, args, null, tag, tweet.minute(), authorsByScope);
            if (tweet.locationKey() != null) {
                addAuthors(keys, args, tweet.locationKey(), tag, tweet.minute(), authorsByScope);
            }
        }
        if (!keys.isEmpty()) {
            breaker.executeRunnable(() -> redis.execute(resetAuthors, keys, args.toArray()));
        }
    }

    private static void addAuthors(List<String> keys, List<String> args, String location, String tag, long minute,
            Map<String, List<Long>> authorsByScope) {
        keys.add(TrendKeys.authors(location, minute, tag));
        List<Long> authors = authorsByScope.getOrDefault(HashtagActivity.scopeKey(location, tag), List.of());
        args.add(Integer.toString(authors.size()));
        authors.forEach(a -> args.add(Long.toString(a)));
    }

    /** The scripts' arguments: tweetId, authorId, minute, expiry, location ('' = none), tags. */
    private static List<String> args(TweetHashtags tweet, String expiry) {
        List<String> args = new ArrayList<>();
        args.add(Long.toString(tweet.tweetId()));
        args.add(Long.toString(tweet.authorId()));
        args.add(Long.toString(tweet.minute()));
        args.add(expiry);
        args.add(tweet.locationKey() == null ? "" : tweet.locationKey());
        args.addAll(tweet.hashtags());
        return args;
    }

    /** The one declared key ({@link TrendKeys#LOCATIONS}: it routes the script), then the arguments. */
    private static byte[][] keyAndArgs(List<String> args) {
        List<String> all = new ArrayList<>(args.size() + 1);
        all.add(TrendKeys.LOCATIONS);
        all.addAll(args);
        return bytes(all);
    }

    private static byte[][] bytes(List<String> values) {
        return values.stream().map(BucketWriter::bytes).toArray(byte[][]::new);
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] script(String name) {
        try {
            return new ClassPathResource("dev/twitterlike/trend/counting/" + name).getContentAsByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
