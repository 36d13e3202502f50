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

    /** The cached timeline (sentinel removed), or null when the user has none cached. */
    List<TimelineEntry> read(long userId) {
        String key = TimelineEntry.timelineKey(userId);
        List<Object> replies = redis.executePipelined((RedisCallback<Object>) connection -> {
            byte[] raw = key.getBytes(StandardCharsets.UTF_8);
            connection.listCommands().lRange(raw, 0, -1);
            connection.keyCommands().expire(raw, properties.ttl().toSeconds());
            return null;
        });
        @SuppressWarnings("unchecked")
        List<String> values = (List<String>) replies.get(0);
        if (values == null || values.isEmpty()) {
            return null;
        }
        return decode(values);
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

    void merge(long userId, List<TimelineEntry> entries) {
        merge(TimelineEntry.timelineKey(userId), TimelineEntry.TIMELINE_SIZE, entries);
    }

    /** The recent lists of these authors; authors whose list is not cached are missing from the map. */
    Map<Long, List<TimelineEntry>> recent(List<Long> authors) {
        Map<Long, List<TimelineEntry>> found = new HashMap<>();
        if (authors.isEmpty()) {
            return found;
        }
        List<Object> replies = redis.executePipelined((RedisCallback<Object>) connection -> {
            for (long author : authors) {
                connection.listCommands().lRange(TimelineEntry.recentKey(author).getBytes(StandardCharsets.UTF_8), 0, -1);
            }
            return null;
        });
        for (int i = 0; i < authors.size(); i++) {
            @SuppressWarnings("unchecked")
            List<String> values = (List<String>) replies.get(i);
            if (values != null && !values.isEmpty()) {
                found.put(authors.get(i), decode(values));
            }
        }
        return found;
    }

    /** Caches recent lists loaded from PostgreSQL (an empty list is cached as the sentinel). */
    void storeRecent(Map<Long, List<TimelineEntry>> recent) {
        recent.forEach((author, entries) -> {
            String key = TimelineEntry.recentKey(author);
            redis.opsForList().rightPush(key, TimelineEntry.SENTINEL);
            merge(key, properties.recentSize(), entries);
            redis.expire(key, properties.recentTtl());
        });
    }

    private void merge(String key, int max, List<TimelineEntry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        List<byte[]> args = new ArrayList<>();
        args.add(key.getBytes(StandardCharsets.UTF_8));
        args.add(Integer.toString(max).getBytes(StandardCharsets.UTF_8));
        entries.forEach(e -> args.add(e.encode().getBytes(StandardCharsets.UTF_8)));
        redis.execute((RedisCallback<Object>) connection ->
                connection.scriptingCommands().eval(mergeScript, ReturnType.INTEGER, 1, args.toArray(byte[][]::new)));
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
