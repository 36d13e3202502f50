package dev.twitterlike.timeline.home;

import dev.twitterlike.common.timeline.TimelineStore;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

import java.util.HashSet;
import java.util.Set;

/**
 * Whom a user follows, for the home timeline's read filter and its push/pull split, without a
 * PostgreSQL query per read: the followed ids are cached in Valkey under the user's following
 * stamp ({@link TimelineStore#following}), which graph-service renews when a follow or unfollow commits.
 * Which of them are pulled comes from {@link PulledAuthors}. While Valkey fails (the
 * {@code redis-timeline} breaker) the ids come from PostgreSQL.
 */
@Component
class FollowingCache {

    private final TimelineStore store;
    private final TimelineSql sql;
    private final PulledAuthors pulledAuthors;
    private final CircuitBreaker breaker;
    private final Counter hits;
    private final Counter misses;

    FollowingCache(TimelineStore store, TimelineSql sql, PulledAuthors pulledAuthors,
            CircuitBreaker redisTimelineBreaker, MeterRegistry meters) {
        this.store = store;
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
        TimelineStore.Following cached;
        try {
            cached = breaker.executeSupplier(() -> store.following(userId));
        } catch (RuntimeException e) {
            return sql.followingIds(userId);
        }
        if (cached.ids() != null) {
            hits.increment();
            return cached.ids();
        }
        // the stamp was read before PostgreSQL: a follow committed meanwhile renews it, and this copy is ignored
        misses.increment();
        Set<Long> ids = sql.followingIds(userId);
        try {
            breaker.executeRunnable(() -> store.cacheFollowing(userId, cached.stamp(), ids));
        } catch (RuntimeException e) {
            // not cached this time: the next read tries again
        }
        return ids;
    }

    private static Counter lookups(MeterRegistry meters, String result) {
        return Counter.builder("twitter.timeline.following.lookups").description("following-set lookups of home timeline reads")
                .tag("result", result).register(meters);
    }
}
