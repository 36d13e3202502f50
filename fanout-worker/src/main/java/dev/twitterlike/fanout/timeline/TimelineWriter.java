package dev.twitterlike.fanout.timeline;

import dev.twitterlike.common.timeline.FollowingKeys;
import dev.twitterlike.common.timeline.TimelineEntry;
import dev.twitterlike.fanout.FanoutProperties;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.ReturnType;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Every write the worker makes to Valkey, through three Lua scripts so that each change to a
 * list is atomic and idempotent (insert sorted without duplicates, remove by source or tweet,
 * merge a backfill). Writes to many timelines go out pipelined, one batch per round trip, and
 * through the {@code redis-fanout} circuit breaker: while Valkey fails, calls fail fast and the
 * Kafka error handler retries the event later instead of dropping it.
 */
@Component
public class TimelineWriter {

    private final StringRedisTemplate redis;
    private final CircuitBreaker breaker;
    private final FanoutProperties properties;
    private final Counter writes;
    private final byte[] insertScript = script("timeline-insert.lua");
    private final byte[] removeScript = script("timeline-remove.lua");
    private final byte[] mergeScript = script("timeline-merge.lua");

    TimelineWriter(StringRedisTemplate redis, CircuitBreaker redisFanoutBreaker, FanoutProperties properties, MeterRegistry meters) {
        this.redis = redis;
        this.breaker = redisFanoutBreaker;
        this.properties = properties;
        this.writes = Counter.builder("twitter.fanout.writes").description("timeline inserts sent to Valkey").register(meters);
    }

    /** Inserts the entry into each user's home timeline that is cached; others are rebuilt on read. */
    public void pushToTimelines(Collection<Long> userIds, TimelineEntry entry) {
        if (userIds.isEmpty()) {
            return;
        }
        byte[] value = bytes(entry.encode());
        byte[] max = bytes(Integer.toString(TimelineEntry.TIMELINE_SIZE));
        breaker.executeRunnable(() -> {
            String sha = loadScript(insertScript);
            redis.executePipelined((RedisCallback<Object>) connection -> {
                for (long userId : userIds) {
                    evalSha(connection, sha, bytes(TimelineEntry.timelineKey(userId)), value, max, bytes("1"), bytes("0"));
                }
                return null;
            });
        });
        writes.increment(userIds.size());
    }

    /** Records the tweet in its author's recent list (created if missing, with a TTL). */
    public void pushToRecent(long authorId, TimelineEntry entry) {
        breaker.executeRunnable(() -> redis.execute((RedisCallback<Object>) connection -> connection.scriptingCommands().eval(
                insertScript, ReturnType.INTEGER, 1, bytes(TimelineEntry.recentKey(authorId)), bytes(entry.encode()),
                bytes(Integer.toString(properties.recentSize())), bytes("0"),
                bytes(Long.toString(properties.recentTtl().toSeconds())))));
    }

    /** Removes, from each given timeline, the entries of a tweet (and retweets of it). */
    public void removeTweet(Collection<String> keys, long tweetId) {
        remove(keys, "tweet", tweetId);
    }

    /** Removes, from one timeline, every entry that came from this user (after an unfollow). */
    public void removeSource(long userId, long sourceId) {
        remove(List.of(TimelineEntry.timelineKey(userId)), "source", sourceId);
    }

    /** Merges entries into a cached timeline (after a follow); nothing when it is not cached. */
    public void merge(long userId, List<TimelineEntry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        List<byte[]> args = new ArrayList<>();
        args.add(bytes(TimelineEntry.timelineKey(userId)));
        args.add(bytes(Integer.toString(TimelineEntry.TIMELINE_SIZE)));
        entries.forEach(e -> args.add(bytes(e.encode())));
        breaker.executeRunnable(() -> redis.execute((RedisCallback<Object>) connection ->
                connection.scriptingCommands().eval(mergeScript, ReturnType.INTEGER, 1, args.toArray(byte[][]::new))));
    }

    /**
     * Renews the user's following stamp ({@link FollowingKeys}): timeline-service reads whom they
     * follow again. graph-service already did at commit; this covers a renewal it could not make.
     */
    public void renewFollowingStamp(long userId) {
        breaker.executeRunnable(() -> redis.opsForValue().set(FollowingKeys.stampKey(userId), FollowingKeys.newStamp(),
                FollowingKeys.STAMP_TTL));
    }

    /** The entries of an author's recent list, newest first; null when there is none. */
    public List<String> recent(long authorId) {
        return breaker.executeSupplier(() -> {
            String key = TimelineEntry.recentKey(authorId);
            return Boolean.TRUE.equals(redis.hasKey(key)) ? redis.opsForList().range(key, 0, -1) : null;
        });
    }

    private void remove(Collection<String> keys, String mode, long id) {
        if (keys.isEmpty()) {
            return;
        }
        breaker.executeRunnable(() -> {
            String sha = loadScript(removeScript);
            redis.executePipelined((RedisCallback<Object>) connection -> {
                for (String key : keys) {
                    evalSha(connection, sha, bytes(key), bytes(mode), bytes(Long.toString(id)));
                }
                return null;
            });
        });
    }

    /** SCRIPT LOAD is idempotent and cheap; doing it per batch survives a Valkey restart. */
    private String loadScript(byte[] script) {
        return redis.execute((RedisCallback<String>) connection -> connection.scriptingCommands().scriptLoad(script));
    }

    private static void evalSha(RedisConnection connection, String sha, byte[] key, byte[]... args) {
        byte[][] keysAndArgs = new byte[args.length + 1][];
        keysAndArgs[0] = key;
        System.arraycopy(args, 0, keysAndArgs, 1, args.length);
        connection.scriptingCommands().evalSha(sha, ReturnType.INTEGER, 1, keysAndArgs);
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] script(String name) {
        try {
            return new ClassPathResource("dev/twitterlike/common/timeline/" + name).getContentAsByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
