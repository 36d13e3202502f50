package dev.twitterlike.gateway;

import dev.twitterlike.gateway.RateLimitProperties.Limit;
import org.junit.jupiter.api.Test;
import org.springframework.cloud.gateway.filter.ratelimit.RedisRateLimiter;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** Mastodon's limits as token buckets: the whole budget at once, then refilled at exactly the stated rate. */
class RateLimitPropertiesTest {

    @Test
    void mastodonsLimitsBecomeTokenBuckets() {
        assertBucket(new Limit(25, Duration.ofMinutes(5)), 1, 12, 300);      // login: one more every 12 s
        assertBucket(new Limit(5, Duration.ofMinutes(30)), 1, 360, 1800);    // register: every 6 min
        assertBucket(new Limit(300, Duration.ofHours(3)), 1, 36, 10800);     // posting: every 36 s
        assertBucket(new Limit(400, Duration.ofHours(24)), 1, 216, 86400);   // follows: every 216 s
        assertBucket(new Limit(300, Duration.ofMinutes(5)), 1, 1, 300);      // the API: one a second
        assertBucket(new Limit(7, Duration.ofSeconds(2)), 7, 2, 14);         // faster than one a second
    }

    @Test
    void aLimitNeedsRequestsPerWholeSeconds() {
        assertThatIllegalArgumentException().isThrownBy(() -> new Limit(0, Duration.ofMinutes(1)));
        assertThatIllegalArgumentException().isThrownBy(() -> new Limit(10, Duration.ofMillis(1500)));
        assertThatIllegalArgumentException().isThrownBy(() -> new Limit(10, null));
    }

    private static void assertBucket(Limit limit, int replenishRate, int requestedTokens, long burstCapacity) {
        RedisRateLimiter.Config bucket = limit.tokenBucket();
        assertThat(bucket.getReplenishRate()).as("replenishRate of %s", limit).isEqualTo(replenishRate);
        assertThat(bucket.getRequestedTokens()).as("requestedTokens of %s", limit).isEqualTo(requestedTokens);
        assertThat(bucket.getBurstCapacity()).as("burstCapacity of %s", limit).isEqualTo(burstCapacity);
        // the whole budget at once, and the stated rate after
        assertThat(bucket.getBurstCapacity() / bucket.getRequestedTokens()).isEqualTo(limit.requests());
        assertThat((double) bucket.getReplenishRate() / bucket.getRequestedTokens())
                .isCloseTo((double) limit.requests() / limit.per().toSeconds(), org.assertj.core.data.Offset.offset(1e-12));
    }
}
