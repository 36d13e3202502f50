package dev.twitterlike.graph.session;

import dev.twitterlike.graph.GraphProperties;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Sessions live in Valkey as {@code session:<id>} holding the user id, for the configured TTL
 * (7 days). The id is 256 random bits; a new one is made at every sign-in. The gateway reads
 * the same keys to turn the cookie into an identity.
 */
@Component
public class SessionStore {

    public static final String PREFIX = "session:";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final StringRedisTemplate redis;
    private final GraphProperties properties;

    SessionStore(StringRedisTemplate redis, GraphProperties properties) {
        this.redis = redis;
        this.properties = properties;
    }

    /** A new session for the user; returns its id. */
    public String create(long userId) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        redis.opsForValue().set(PREFIX + id, Long.toString(userId), properties.sessionTtl());
        return id;
    }

    public void delete(String sessionId) {
        if (sessionId != null && !sessionId.isBlank()) {
            redis.delete(PREFIX + sessionId);
        }
    }
}
