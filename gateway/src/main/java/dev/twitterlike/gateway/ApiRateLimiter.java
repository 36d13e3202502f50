package dev.twitterlike.gateway;

import org.springframework.cloud.gateway.filter.ratelimit.RedisRateLimiter;
import org.springframework.cloud.gateway.support.ConfigurationService;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.http.HttpHeaders;
import reactor.core.publisher.Mono;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The gateway's {@link RedisRateLimiter} with the limits of {@link RateLimitProperties}.
 * <p>
 * RedisRateLimiter keeps one bucket per route and key. A route with a limit of its own (from the
 * properties, or {@code redis-rate-limiter.*} filter args as usual) keeps that; every other route
 * draws on one shared API budget, which is how Mastodon counts its general limit. Variants of one
 * route share its bucket: the part of a route id before a dot names the limit
 * ({@code post-tweet.keyed}, the retried variant for posts with an Idempotency-Key, counts
 * against {@code post-tweet}). A denied answer
 * carries {@code Retry-After}: the seconds until the bucket holds a request's tokens again. Like
 * RedisRateLimiter, it lets requests through when Redis cannot be asked (fails open).
 */
class ApiRateLimiter extends RedisRateLimiter {

    /** The bucket name every route without a limit of its own shares. */
    static final String SHARED_BUDGET = "api";

    private final boolean enabled;

    ApiRateLimiter(ReactiveStringRedisTemplate redis, RedisScript<List<Long>> script,
            ConfigurationService configurationService, RateLimitProperties limits) {
        super(redis, script, configurationService);
        this.enabled = limits.enabled();
        limits.routes().forEach((routeId, limit) -> getConfig().put(routeId, limit.tokenBucket()));
        getConfig().put(SHARED_BUDGET, limits.api().tokenBucket());
    }

    @Override
    public Mono<Response> isAllowed(String routeId, String id) {
        if (!enabled) {
            return Mono.just(new Response(true, Map.of()));
        }
        String limitName = routeId.contains(".") ? routeId.substring(0, routeId.indexOf('.')) : routeId;
        String bucket = getConfig().containsKey(limitName) ? limitName : SHARED_BUDGET;
        Config limit = getConfig().get(bucket);
        return super.isAllowed(bucket, id).map(response -> response.isAllowed() ? response : withRetryAfter(response, limit));
    }

    private Response withRetryAfter(Response denied, Config limit) {
        Map<String, String> headers = new HashMap<>(denied.getHeaders());
        long tokensLeft = Math.max(0, parseOrZero(headers.get(getRemainingHeader())));
        long missing = Math.max(0, limit.getRequestedTokens() - tokensLeft);
        long seconds = Math.max(1, (missing + limit.getReplenishRate() - 1) / limit.getReplenishRate());
        headers.put(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
        return new Response(false, headers);
    }

    private static long parseOrZero(String value) {
        try {
            return value == null ? 0 : Long.parseLong(value);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
