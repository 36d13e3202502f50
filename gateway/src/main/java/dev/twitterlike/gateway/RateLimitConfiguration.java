package dev.twitterlike.gateway;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.cloud.gateway.filter.ratelimit.KeyResolver;
import org.springframework.cloud.gateway.filter.ratelimit.RedisRateLimiter;
import org.springframework.cloud.gateway.support.ConfigurationService;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import reactor.core.publisher.Mono;

import java.util.List;

/**
 * What the {@code RequestRateLimiter} route filters count against: the limiter with the
 * configured budgets, and who a request is counted for.
 */
@Configuration(proxyBeanMethods = false)
class RateLimitConfiguration {

    /** Replaces the auto-configured RedisRateLimiter, so it is every RequestRateLimiter's default. */
    @Bean
    ApiRateLimiter apiRateLimiter(ReactiveStringRedisTemplate redis,
            @Qualifier(RedisRateLimiter.REDIS_SCRIPT_NAME) RedisScript<List<Long>> script,
            ConfigurationService configurationService, RateLimitProperties limits) {
        return new ApiRateLimiter(redis, script, configurationService, limits);
    }

    /**
     * The signed-in user, else the client's address ({@link ClientAddresses}). The user id is the
     * one {@link SessionIdentityFilter} found for the session cookie: it is a global filter and
     * runs before every route filter. (Never a header: the client could send one.)
     */
    @Bean
    @Primary
    KeyResolver userOrClientIpKeyResolver(ClientAddresses addresses) {
        return exchange -> {
            Long userId = exchange.getAttribute(SessionIdentityFilter.USER);
            return userId != null ? Mono.just("user:" + userId) : Mono.justOrEmpty(addresses.key(exchange.getRequest()));
        };
    }

    /** The client's address even when signed in: for login and registration, which guard accounts. */
    @Bean
    KeyResolver clientIpKeyResolver(ClientAddresses addresses) {
        return exchange -> Mono.justOrEmpty(addresses.key(exchange.getRequest()));
    }
}
