package dev.twitterlike.trend.api;

import dev.twitterlike.trend.counting.BucketRebuild;
import dev.twitterlike.trend.ranking.TrendRefresher;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;

/**
 * Operations: rebuild the trend buckets in Valkey from PostgreSQL's hashtag activity
 * ({@code scripts/rebuild-trends.sh}), with the rebuild trend-service runs by itself when
 * Valkey lost its marker ({@link BucketRebuild}), then recompute the top lists at once. Not
 * routed by the gateway (only {@code /api/**} is) and bound to loopback like every service
 * port, so it takes no identity (as graph-service's {@code /internal/sessions}).
 */
@RestController
class TrendOpsController {

    /** What was replayed, and whether the top lists were recomputed right after (false: breaker open or marker gone). */
    record TrendsRebuilt(long tweets, long deletedMarks, Instant since, long millis, boolean refreshed) {
    }

    private final BucketRebuild rebuild;
    private final TrendRefresher refresher;

    TrendOpsController(BucketRebuild rebuild, TrendRefresher refresher) {
        this.rebuild = rebuild;
        this.refresher = refresher;
    }

    @PostMapping("/internal/ops/trends/rebuild")
    TrendsRebuilt rebuild() {
        BucketRebuild.Rebuilt done;
        try {
            done = rebuild.rebuild();
        } catch (org.springframework.data.redis.RedisSystemException | org.springframework.data.redis.RedisConnectionFailureException
                | org.springframework.data.redis.connection.RedisPipelineException
                | io.github.resilience4j.circuitbreaker.CallNotPermittedException e) {
            // Valkey failing, or the counting breaker open because it was: a 503 to retry (the replay is idempotent)
            throw dev.twitterlike.common.web.Problems.unavailable("Valkey cannot be reached; try the rebuild again shortly");
        }
        boolean refreshed;
        try {
            refreshed = refresher.refresh();
        } catch (RuntimeException e) {
            refreshed = false; // the refresher retries every refresh interval
        }
        return new TrendsRebuilt(done.tweets(), done.deleted(), done.since(), done.millis(), refreshed);
    }
}
