package dev.twitterlike.gateway;

import org.springframework.data.redis.core.StringRedisTemplate;

import java.util.Set;

/** The limiter's buckets live in the Redis all test classes share: each rate limit test starts from full ones. */
final class RateLimitBuckets {

    static final String PATTERN = "request_rate_limiter.*";

    private RateLimitBuckets() {
    }

    static void clear(StringRedisTemplate redis) {
        Set<String> keys = redis.keys(PATTERN);
        if (keys != null && !keys.isEmpty()) {
            redis.delete(keys);
        }
    }
}
