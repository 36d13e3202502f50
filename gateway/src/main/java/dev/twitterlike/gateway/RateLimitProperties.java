package dev.twitterlike.gateway;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.cloud.gateway.filter.ratelimit.RedisRateLimiter;

import java.math.BigInteger;
import java.time.Duration;
import java.util.Map;

/**
 * The gateway's rate limits, written the way Mastodon states its own ("25 requests per 5 minutes")
 * and turned into token buckets for {@link RedisRateLimiter}.
 *
 * @param enabled {@code RATE_LIMITS=off} lets every request through without asking Redis (load tests)
 * @param api     one budget shared by every route that has no limit of its own
 * @param routes  limits of their own, by gateway route id (login, register, post-tweet, follow)
 */
@ConfigurationProperties("twitter.gateway.rate-limits")
public record RateLimitProperties(@DefaultValue("true") boolean enabled, Limit api, Map<String, Limit> routes) {

    public RateLimitProperties {
        routes = routes == null ? Map.of() : Map.copyOf(routes);
    }

    /**
     * {@code requests} per {@code per}: a bucket that holds {@code requests} requests' worth of
     * tokens (the burst) and refills at exactly {@code requests / per}.
     */
    public record Limit(int requests, Duration per) {

        public Limit {
            if (requests < 1 || per == null || per.toSeconds() < 1 || per.toMillis() % 1000 != 0) {
                throw new IllegalArgumentException("a rate limit needs requests >= 1 per a whole number of seconds, not "
                        + requests + " per " + per);
            }
        }

        /**
         * RedisRateLimiter refills a whole number of tokens per second, so a request costs
         * {@code per / g} tokens and the bucket refills {@code requests / g} a second, where g is
         * gcd(requests, seconds): 25 per 5 min is 1 token a second, 12 tokens a request, 300 in the
         * bucket, so 25 at once and then one every 12 s.
         */
        public RedisRateLimiter.Config tokenBucket() {
            long seconds = per.toSeconds();
            long gcd = BigInteger.valueOf(requests).gcd(BigInteger.valueOf(seconds)).longValue();
            int tokensPerRequest = Math.toIntExact(seconds / gcd);
            return new RedisRateLimiter.Config()
                    .setReplenishRate(Math.toIntExact(requests / gcd))
                    .setRequestedTokens(tokensPerRequest)
                    .setBurstCapacity((long) requests * tokensPerRequest);
        }
    }
}
