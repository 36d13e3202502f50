package dev.twitterlike.trend.ranking;

import dev.twitterlike.trend.TrendKeys;
import dev.twitterlike.trend.TrendProperties;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;

/**
 * Computes one scope's top list from the buckets ({@code rank.lua}, one atomic call per scope)
 * and derives velocity and rising, as the design defines them.
 */
@Component
class TrendRanker {

    /** The design's decay per minute of age. */
    static final double DECAY = 0.95;
    /** The design's threshold for an infinite velocity: more than 10 now after nothing the hour before. */
    static final double INFINITE_VELOCITY_MINIMUM = 10;

    @SuppressWarnings("rawtypes")
    private final RedisScript<List> rank = RedisScript.of(new ClassPathResource("dev/twitterlike/trend/ranking/rank.lua"), List.class);
    private final StringRedisTemplate redis;
    private final TrendProperties properties;

    TrendRanker(StringRedisTemplate redis, TrendProperties properties) {
        this.redis = redis;
        this.properties = properties;
    }

    /** The best {@code result-size} trends of a scope (null: the whole site) at the given minute. */
    List<Trend> top(String location, long nowMinute) {
        List<?> flat = redis.execute(rank, List.of(TrendKeys.LOCATIONS), TrendKeys.scope(location), Long.toString(nowMinute),
                Integer.toString(TrendKeys.WINDOW_MINUTES), Integer.toString(properties.resultSize()), Double.toString(DECAY));
        List<Trend> trends = new ArrayList<>();
        for (int i = 0; flat != null && i + 5 < flat.size(); i += 6) {
            double current = number(flat.get(i + 4));
            double previous = number(flat.get(i + 5));
            long uniqueAuthors = (long) number(flat.get(i + 3));
            Double velocity = velocity(current, previous);
            boolean rising = uniqueAuthors >= properties.risingMinAuthors()
                    && (velocity == null || velocity >= properties.risingVelocity());
            trends.add(new Trend((String) flat.get(i), round(number(flat.get(i + 1))), (long) number(flat.get(i + 2)),
                    uniqueAuthors, velocity, rising));
        }
        return trends;
    }

    /** Locations with activity within the buckets' lifetime; older ones leave the index. */
    List<String> activeLocations(long nowMinute) {
        long oldest = nowMinute - TrendKeys.BUCKET_LIFETIME.toMinutes() + 1;
        redis.opsForZSet().removeRangeByScore(TrendKeys.LOCATIONS, Double.NEGATIVE_INFINITY, oldest - 1);
        var locations = redis.opsForZSet().rangeByScore(TrendKeys.LOCATIONS, oldest, Double.POSITIVE_INFINITY);
        return locations == null ? List.of() : List.copyOf(locations);
    }

    /**
     * The design's trendVelocity: relative change of this hour over the previous one; with a
     * silent previous hour, Infinity (null here, JSON has no Infinity) above 10, else 0.
     */
    static Double velocity(double current, double previous) {
        if (previous == 0) {
            return current > INFINITE_VELOCITY_MINIMUM ? null : 0.0;
        }
        return round((current - previous) / previous);
    }

    private static double number(Object value) {
        return Double.parseDouble(String.valueOf(value));
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
