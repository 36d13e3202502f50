package dev.twitterlike.trend.ranking;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.twitterlike.trend.TrendKeys;
import dev.twitterlike.trend.TrendProperties;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The computed top lists, cached in Valkey ({@code {trends}:result:...}) so a read costs one GET,
 * and the last good list of each scope kept in memory. When Valkey fails, or the
 * {@code redis-trends} breaker is open, a read gets that last good list marked stale, or an
 * empty one: never an error (the design's "cached or empty trends").
 */
@Component
public class TrendSnapshots {

    private static final Logger log = LoggerFactory.getLogger(TrendSnapshots.class);

    /** A list as served: {@code stale} when it is the last good one because Valkey could not be read. */
    public record Served(TrendSnapshot snapshot, boolean stale) {
    }

    private final StringRedisTemplate redis;
    private final CircuitBreaker breaker;
    private final JsonMapper json;
    private final TrendProperties properties;
    /** Trends older than the buckets' lifetime are history, not trends: not served even as stale. */
    private final Cache<String, TrendSnapshot> lastGood = Caffeine.newBuilder()
            .maximumSize(10_000).expireAfterWrite(TrendKeys.BUCKET_LIFETIME).build();

    TrendSnapshots(StringRedisTemplate redis, CircuitBreaker redisTrendsBreaker, JsonMapper json, TrendProperties properties) {
        this.redis = redis;
        this.breaker = redisTrendsBreaker;
        this.json = json;
        this.properties = properties;
    }

    /** Caches a freshly computed list (the caller runs this inside the breaker). */
    void publish(String location, TrendSnapshot snapshot) {
        String key = TrendKeys.result(location);
        redis.opsForValue().set(key, json.writeValueAsString(snapshot), properties.resultTtl());
        lastGood.put(key, snapshot);
    }

    /** The cached list of a scope (null: the whole site). */
    public Served read(String location) {
        String key = TrendKeys.result(location);
        String cached;
        try {
            cached = breaker.executeSupplier(() -> redis.opsForValue().get(key));
        } catch (CallNotPermittedException open) {
            log.debug("trends read from memory: breaker open");
            return lastGoodOrEmpty(key);
        } catch (RuntimeException e) {
            // at most a few in a row: then the breaker opens
            log.warn("trends read from memory, Valkey failed: {}", e.toString());
            return lastGoodOrEmpty(key);
        }
        if (cached == null) {
            // not computed yet, or Valkey lost it and the rebuild is under way: the last good one if any
            TrendSnapshot last = lastGood.getIfPresent(key);
            boolean stale = last != null && !last.items().isEmpty();
            return new Served(stale ? last : TrendSnapshot.EMPTY, stale);
        }
        TrendSnapshot snapshot = json.readValue(cached, TrendSnapshot.class);
        lastGood.put(key, snapshot);
        return new Served(snapshot, false);
    }

    private Served lastGoodOrEmpty(String key) {
        TrendSnapshot last = lastGood.getIfPresent(key);
        return new Served(last == null ? TrendSnapshot.EMPTY : last, true);
    }
}
