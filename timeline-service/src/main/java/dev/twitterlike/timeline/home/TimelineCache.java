package dev.twitterlike.timeline.home;

import dev.twitterlike.common.timeline.TimelineEntry;
import dev.twitterlike.timeline.TimelineProperties;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.connection.ReturnType;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The timeline service's view of Valkey: a user's cached home timeline (read with its TTL
 * refreshed: the cache keeps the timelines of people who come back), the recent lists of the
 * authors it pulls, and rebuilding a missing timeline without losing a concurrent fanout.
 */
@Component
class TimelineCache {

    private final StringRedisTemplate redis;
    private final TimelineProperties properties;
    private final byte[] mergeScript = script();

    TimelineCache(StringRedisTemplate redis, TimelineProperties properties) {
        this.redis = redis;
        this.properties = properties;
    }

    /**
     * The newest {@code count} entries of a cached list (sentinel removed) and whether the list
     * may hold more below them; {@code truncated} is also true for a full timeline (older
     * entries were trimmed away). {@code entries} is null when the key is absent.
     */
    record Slice(List<TimelineEntry> entries, boolean truncated) {

        /** The newest {@code count} of a whole list (as loaded from PostgreSQL) that holds at most {@code capacity}. */
        static Slice top(List<TimelineEntry> all, int count, int capacity) {
            return new Slice(all.subList(0, Math.min(count, all.size())), all.size() >= count || all.size() >= capacity - 1);
        }
    }

    /** The newest {@code count} entries of the user's cached timeline, with its TTL refreshed. */
    Slice read(long userId, int count) {
        byte[] key = TimelineEntry.timelineKey(userId).getBytes(StandardCharsets.UTF_8);
        List<Object> replies = redis.executePipelined((RedisCallback<Object>) connection -> {
            connection.listCommands().lRange(key, 0, count - 1);
            connection.keyCommands().expire(key, properties.ttl().toSeconds());
            return null;
        });
        @SuppressWarnings("unchecked")
        List<String> values = (List<String>) replies.get(0);
        return slice(values, count, TimelineEntry.TIMELINE_SIZE);
    }

    /**
     * Caches a rebuilt timeline. The sentinel goes in first, before PostgreSQL is read, so the
     * fanout (which writes only to existing timelines) starts inserting at once; the rebuilt
     * entries are then merged in, keeping whatever the fanout added meanwhile.
     */
    void markCached(long userId) {
        String key = TimelineEntry.timelineKey(userId);
        redis.opsForList().rightPush(key, TimelineEntry.SENTINEL);
        redis.expire(key, properties.ttl());
    }

    /** Deletes the user's cached timeline and recent list (before a rebuild). */
    void drop(long userId) {
        redis.delete(List.of(TimelineEntry.timelineKey(userId), TimelineEntry.recentKey(userId)));
    }

    void merge(long userId, List<TimelineEntry> entries) {
        merge(TimelineEntry.timelineKey(userId), TimelineEntry.TIMELINE_SIZE, entries);
    }

    /** The newest {@code count} entries of these authors' recent lists; authors whose list is not cached are missing. */
    Map<Long, Slice> recent(List<Long> authors, int count) {
        Map<Long, Slice> found = new HashMap<>();
        if (authors.isEmpty()) {
            return found;
        }
        List<Object> replies = redis.executePipelined((RedisCallback<Object>) connection -> {
            for (long author : authors) {
                connection.listCommands().lRange(TimelineEntry.recentKey(author).getBytes(StandardCharsets.UTF_8), 0, count - 1);
            }
            return null;
        });
        for (int i = 0; i < authors.size(); i++) {
            @SuppressWarnings("unchecked")
            Slice slice = slice((List<String>) replies.get(i), count, properties.recentSize());
            if (slice.entries() != null) {
                found.put(authors.get(i), slice);
            }
        }
        return found;
    }

    /** Caches recent lists loaded from PostgreSQL (an empty list is cached as the sentinel), in one round trip. */
    void storeRecent(Map<Long, List<TimelineEntry>> recent) {
        if (recent.isEmpty()) {
            return;
        }
        byte[] max = Integer.toString(properties.recentSize()).getBytes(StandardCharsets.UTF_8);
        redis.executePipelined((RedisCallback<Object>) connection -> {
            recent.forEach((author, entries) -> {
                byte[] key = TimelineEntry.recentKey(author).getBytes(StandardCharsets.UTF_8);
                connection.listCommands().rPush(key, TimelineEntry.SENTINEL.getBytes(StandardCharsets.UTF_8));
                if (!entries.isEmpty()) {
                    connection.scriptingCommands().eval(mergeScript, ReturnType.INTEGER, 1, mergeArgs(key, max, entries));
                }
                connection.keyCommands().expire(key, properties.recentTtl().toSeconds());
            });
            return null;
        });
    }

    private void merge(String key, int max, List<TimelineEntry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        byte[][] args = mergeArgs(key.getBytes(StandardCharsets.UTF_8), Integer.toString(max).getBytes(StandardCharsets.UTF_8), entries);
        redis.execute((RedisCallback<Object>) connection ->
                connection.scriptingCommands().eval(mergeScript, ReturnType.INTEGER, 1, args));
    }

    /** KEYS[1] = the list, ARGV[1] = its maximum length, ARGV[2..] = the entries (timeline-merge.lua). */
    private static byte[][] mergeArgs(byte[] key, byte[] max, List<TimelineEntry> entries) {
        byte[][] args = new byte[entries.size() + 2][];
        args[0] = key;
        args[1] = max;
        for (int i = 0; i < entries.size(); i++) {
            args[i + 2] = entries.get(i).encode().getBytes(StandardCharsets.UTF_8);
        }
        return args;
    }

    private static Slice slice(List<String> values, int count, int capacity) {
        if (values == null || values.isEmpty()) {
            return new Slice(null, false);
        }
        List<TimelineEntry> entries = decode(values);
        return new Slice(entries, values.size() >= count || entries.size() >= capacity - 1);
    }

    private static List<TimelineEntry> decode(List<String> values) {
        List<TimelineEntry> entries = new ArrayList<>(values.size());
        for (String value : values) {
            TimelineEntry entry = TimelineEntry.decode(value);
            if (entry.sortId() != 0) {
                entries.add(entry);
            }
        }
        return entries;
    }

    private static byte[] script() {
        try {
            return new ClassPathResource("dev/twitterlike/common/timeline/timeline-merge.lua").getContentAsByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
