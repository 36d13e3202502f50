package dev.twitterlike.trend.counting;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.twitterlike.trend.TrendProperties;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Optional;

/**
 * The author's location key, read-only from graph-service's published view {@code graph.user_summaries}
 * (the read path the design gives location trends; graph-service alone writes it). Cached
 * briefly per author: an account posting in bursts costs one query, and a location change
 * shows within {@code location-cache-ttl}. The key at the time of the tweet is stored with the
 * activity, so a later move does not rewrite past trends.
 */
@Component
class AuthorLocations {

    private final JdbcClient jdbc;
    private final Cache<Long, Optional<String>> cache;

    AuthorLocations(JdbcClient jdbc, TrendProperties properties) {
        this.jdbc = jdbc;
        this.cache = Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(properties.locationCacheTtl()).build();
    }

    /** The location key, or null when the author has none (or graph-service does not know them yet). */
    String of(long authorId) {
        return cache.get(authorId, id -> {
            List<String> found = jdbc.sql("SELECT location_key FROM graph.user_summaries WHERE id = ?").param(id)
                    .query(String.class).list();
            return found.isEmpty() ? Optional.empty() : Optional.ofNullable(found.get(0));
        }).orElse(null);
    }
}
