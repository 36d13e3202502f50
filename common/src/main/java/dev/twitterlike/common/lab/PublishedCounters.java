package dev.twitterlike.common.lab;

import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counters that every instance of a service publishes to one Valkey hash, for the web app's Lab
 * page (docs/lab-page.md): a field per instance, holding {@code at=<epoch ms>,<name>=<value>,...},
 * written every second or so. The hash's TTL ({@link #TTL}) is renewed by each write, so it goes
 * with the last instance; an instance that has not written for {@link #FRESH} is taken as gone
 * by {@link #read}, and its field is dropped by the next instance's cleanup. Values are the
 * instances' own totals since they started (and gauges): a reader that wants a rate compares two
 * reads, by their {@code at}.
 *
 * <p>The class that owns a hash's key creates its {@code PublishedCounters} and publishes through
 * it; the one class that reads it calls {@link #read}.
 */
public final class PublishedCounters {

    /** The hash lives this long after the last write of any instance. */
    public static final Duration TTL = Duration.ofSeconds(10);
    /** An instance whose last write is older than this is not counted. */
    public static final Duration FRESH = Duration.ofSeconds(5);
    /** A field older than this is removed (an instance that stopped while others go on). */
    private static final Duration FORGOTTEN = Duration.ofMinutes(1);
    private static final int CLEANUP_EVERY = 60;

    /** One instance's last write: when, and its values by name. */
    public record Sample(String instance, long at, Map<String, Long> values) {

        public long value(String name) {
            return values.getOrDefault(name, 0L);
        }
    }

    private final StringRedisTemplate redis;
    private final String key;
    private final String instance = UUID.randomUUID().toString().substring(0, 8);
    private final AtomicInteger writes = new AtomicInteger();

    public PublishedCounters(StringRedisTemplate redis, String key) {
        this.redis = redis;
        this.key = key;
    }

    /** This instance's values now (its field written and the hash's TTL renewed, in one round trip). */
    public void publish(Map<String, Long> values) {
        long now = System.currentTimeMillis();
        String value = encode(now, values);
        byte[] rawKey = key.getBytes(StandardCharsets.UTF_8);
        byte[] field = instance.getBytes(StandardCharsets.UTF_8);
        byte[] rawValue = value.getBytes(StandardCharsets.UTF_8);
        redis.executePipelined((RedisCallback<Object>) connection -> {
            connection.hashCommands().hSet(rawKey, field, rawValue);
            connection.keyCommands().pExpire(rawKey, TTL.toMillis());
            return null;
        });
        if (writes.incrementAndGet() % CLEANUP_EVERY == 0) {
            redis.opsForHash().entries(key).forEach((name, written) -> {
                Sample sample = decode(String.valueOf(name), String.valueOf(written));
                if (sample == null || now - sample.at() > FORGOTTEN.toMillis()) {
                    redis.opsForHash().delete(key, name);
                }
            });
        }
    }

    /** The last write of every instance that wrote within {@link #FRESH} of {@code now}. */
    public static List<Sample> read(StringRedisTemplate redis, String key, long now) {
        List<Sample> samples = new ArrayList<>();
        redis.opsForHash().entries(key).forEach((field, value) -> {
            Sample sample = decode(String.valueOf(field), String.valueOf(value));
            if (sample != null && now - sample.at() <= FRESH.toMillis()) {
                samples.add(sample);
            }
        });
        return samples;
    }

    static String encode(long at, Map<String, Long> values) {
        StringBuilder text = new StringBuilder("at=").append(at);
        values.forEach((name, value) -> {
            if (name.isEmpty() || name.contains(",") || name.contains("=")) {
                throw new IllegalArgumentException("not a counter name: '" + name + "'");
            }
            text.append(',').append(name).append('=').append(value);
        });
        return text.toString();
    }

    /** A field's value, or null when it is not one this class wrote. */
    static Sample decode(String instance, String text) {
        Map<String, Long> values = new LinkedHashMap<>();
        Long at = null;
        try {
            for (String pair : text.split(",")) {
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    return null;
                }
                long value = Long.parseLong(pair.substring(eq + 1));
                String name = pair.substring(0, eq);
                if (name.equals("at")) {
                    at = value;
                } else {
                    values.put(name, value);
                }
            }
        } catch (NumberFormatException e) {
            return null;
        }
        return at == null ? null : new Sample(instance, at, Map.copyOf(values));
    }
}
