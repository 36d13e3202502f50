package dev.twitterlike.trend.ranking;

import dev.twitterlike.trend.TrendKeys;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;

/**
 * Recomputes the site's top list and every active location's every {@code refresh-interval}
 * (5 s) and caches them, so reads never compute. Every instance refreshes (a few Lua calls
 * each time, and the results are the same), which keeps the lists fresh while any instance runs.
 */
@Component
public class TrendRefresher {

    private static final Logger log = LoggerFactory.getLogger(TrendRefresher.class);

    private final TrendRanker ranker;
    private final TrendSnapshots snapshots;
    private final StringRedisTemplate redis;
    private final CircuitBreaker breaker;
    private final Clock clock;
    private final Timer duration;

    TrendRefresher(TrendRanker ranker, TrendSnapshots snapshots, StringRedisTemplate redis, CircuitBreaker redisTrendsBreaker,
            Clock clock, MeterRegistry meters) {
        this.ranker = ranker;
        this.snapshots = snapshots;
        this.redis = redis;
        this.breaker = redisTrendsBreaker;
        this.clock = clock;
        this.duration = Timer.builder("twitter.trends.computation.duration")
                .description("time to recompute and cache every top list").publishPercentileHistogram().register(meters);
    }

    @Scheduled(fixedDelayString = "${twitter.trends.refresh-interval}")
    void scheduled() {
        try {
            refresh();
        } catch (CallNotPermittedException open) {
            log.debug("trends not refreshed: breaker open");
        } catch (RuntimeException e) {
            log.warn("trends not refreshed: {}", e.toString());
        }
    }

    /**
     * Recomputes and caches every list; false when the buckets are being rebuilt (after Valkey
     * lost them), during which the last lists stay (an empty list now would be a wrong answer).
     */
    public boolean refresh() {
        return breaker.executeSupplier(() -> {
            if (!Boolean.TRUE.equals(redis.hasKey(TrendKeys.REBUILT))) {
                return false;
            }
            duration.record(() -> {
                Instant now = clock.instant();
                long minute = TrendKeys.minuteOf(now);
                snapshots.publish(null, new TrendSnapshot(ranker.top(null, minute), now));
                for (String location : ranker.activeLocations(minute)) {
                    snapshots.publish(location, new TrendSnapshot(ranker.top(location, minute), now));
                }
            });
            return true;
        });
    }
}
