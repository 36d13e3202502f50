package dev.twitterlike.timeline.home;

import dev.twitterlike.common.timeline.FollowingKeys;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Whom a user follows, for the home timeline's read filter and its push/pull split, without a
 * PostgreSQL query per read: the followed ids are cached in Valkey under the user's following
 * stamp ({@link FollowingKeys}), which graph-service renews when a follow or unfollow commits.
 * Which of them are pulled comes from {@link PulledAuthors}. While Valkey fails (the
 * {@code redis-timeline} breaker) the ids come from PostgreSQL.
 */
@Component
class FollowingCache {

    private final StringRedisTemplate redis;
    private final TimelineSql sql;
    private final PulledAuthors pulledAuthors;
    private final CircuitBreaker breaker;
    private final Counter hits;
    private final Counter misses;

    FollowingCache(StringRedisTemplate redis, TimelineSql sql, PulledAuthors pulledAuthors,
            CircuitBreaker redisTimelineBreaker, MeterRegistry meters) {
        this.redis = redis;
        this.sql = sql;
        this.pulledAuthors = pulledAuthors;
        this.breaker = redisTimelineBreaker;
        this.hits = lookups(meters, "hit");
        this.misses = lookups(meters, "miss");
    }

    TimelineSql.Following of(long userId) {
        Set<Long> all = followed(userId);
        Set<Long> pulledNow = pulledAuthors.current();
        Set<Long> pulled = new HashSet<>();
        for (Long id : all) {
            if (pulledNow.contains(id)) {
                pulled.add(id);
            }
        }
        return new TimelineSql.Following(all, pulled);
    }

    private Set<Long> followed(long userId) {
        String key = FollowingKeys.key(userId);
        String stamp;
        try {
            List<String> values = breaker.executeSupplier(() -> redis.opsForValue().multiGet(List.of(key, FollowingKeys.stampKey(userId))));
            stamp = values.get(1) == null ? FollowingKeys.NO_STAMP : values.get(1);
            String cached = values.get(0);
            if (cached != null && cached.startsWith(stamp + "|")) {
                hits.increment();
                return decode(cached.substring(stamp.length() + 1));
            }
        } catch (RuntimeException e) {
            return sql.followingIds(userId);
        }
        // the stamp was read before PostgreSQL: a follow committed meanwhile renews it, and this copy is ignored
        misses.increment();
        Set<Long> ids = sql.followingIds(userId);
        String value = stamp + "|" + ids.stream().map(String::valueOf).collect(Collectors.joining(","));
        try {
            breaker.executeRunnable(() -> redis.opsForValue().set(key, value, FollowingKeys.CACHE_TTL));
        } catch (RuntimeException e) {
            // not cached this time: the next read tries again
        }
        return ids;
    }

    private static Set<Long> decode(String ids) {
        Set<Long> set = new HashSet<>();
        if (!ids.isEmpty()) {
            for (String id : ids.split(",")) {
                set.add(Long.parseLong(id));
            }
        }
        return set;
    }

    private static Counter lookups(MeterRegistry meters, String result) {
        return Counter.builder("twitter.timeline.following.lookups").description("following-set lookups of home timeline reads")
                .tag("result", result).register(meters);
    }
}
