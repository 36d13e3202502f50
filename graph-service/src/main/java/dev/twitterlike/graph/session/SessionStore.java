package dev.twitterlike.graph.session;

import dev.twitterlike.common.events.GraphEvents.SessionEnded;
import dev.twitterlike.common.events.Topics;
import dev.twitterlike.common.outbox.OutboxWriter;
import dev.twitterlike.common.web.SessionKeys;
import dev.twitterlike.graph.GraphProperties;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Sessions: PostgreSQL ({@code graph.sessions}) is the record, Valkey ({@code session:<hash>}
 * holding the user id, expiring with the session) the copy the gateway reads on every request.
 * The token is 256 random bits, new at every sign-in; both stores keep only its SHA-256.
 *
 * <p>Valkey being down changes nothing a user sees: a session made then is in PostgreSQL, and
 * the gateway asks {@link #find} (through {@code /internal/sessions/{hash}}) when Valkey cannot
 * answer or has no copy; the copy is put back on that lookup. A sign-out removes the row and
 * queues the Valkey delete in the same transaction ({@code graph.session_evictions}), so the
 * copy goes even when Valkey is down at that moment or this process dies right after. In the
 * same transaction it writes {@code session.ended} to the outbox: every instance of the services
 * with live streams ends the user's streams when it reads it.
 */
@Component
public class SessionStore {

    /** Evictions are repeated for a minute, in case a lookup racing the sign-out put the copy back. */
    static final Duration EVICTION_REPEAT = Duration.ofMinutes(1);

    private static final Logger log = LoggerFactory.getLogger(SessionStore.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    public record Session(long userId, Instant expiresAt) {
    }

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final StringRedisTemplate redis;
    private final GraphProperties properties;
    private final OutboxWriter outbox;

    SessionStore(JdbcClient jdbc, TransactionTemplate transactions, StringRedisTemplate redis, GraphProperties properties,
            OutboxWriter outbox) {
        this.outbox = outbox;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.redis = redis;
        this.properties = properties;
    }

    /** A new session for the user; returns its token (the cookie's value). */
    public String create(long userId) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        byte[] hash = SessionKeys.hash(token);
        Instant expiresAt = Instant.now().plus(properties.sessionTtl());
        jdbc.sql("INSERT INTO graph.sessions (token_hash, user_id, expires_at) VALUES (?, ?, ?)")
                .params(hash, userId, OffsetDateTime.ofInstant(expiresAt, ZoneOffset.UTC))
                .update();
        cache(hash, new Session(userId, expiresAt));
        return token;
    }

    /** The live session with this token hash, putting its Valkey copy back (best effort). */
    public Optional<Session> find(byte[] hash) {
        Optional<Session> session = jdbc.sql("SELECT user_id, expires_at FROM graph.sessions WHERE token_hash = ? AND expires_at > now()")
                .param(hash)
                .query((rs, n) -> new Session(rs.getLong(1), rs.getObject(2, OffsetDateTime.class).toInstant()))
                .optional();
        session.ifPresent(s -> cache(hash, s));
        return session;
    }

    /**
     * Ends the session with this token, in PostgreSQL at once and in Valkey as soon as it answers,
     * and announces it ({@code session.ended}) when there was such a session.
     */
    public void delete(String token) {
        if (token == null || token.isBlank()) {
            return;
        }
        byte[] hash = SessionKeys.hash(token);
        transactions.executeWithoutResult(tx -> {
            jdbc.sql("DELETE FROM graph.sessions WHERE token_hash = ? RETURNING user_id").param(hash).query(Long.class)
                    .optional()
                    .ifPresent(userId -> outbox.append(Topics.SESSION_ENDED, userId, new SessionEnded(userId)));
            jdbc.sql("INSERT INTO graph.session_evictions (token_hash) VALUES (?) ON CONFLICT (token_hash) DO UPDATE SET queued_at = now()")
                    .param(hash).update();
        });
        // the gateway trusts a Valkey copy it finds: a sign-out is answered once the copy is gone,
        // or after about 2 s of trying (Valkey down, or this instance's connection to it still
        // reconnecting after an outage); then the eviction below keeps removing it
        try {
            Retry.decorateRunnable(copyRemoval, () -> redis.delete(SessionKeys.PREFIX + SessionKeys.encode(hash))).run();
        } catch (RuntimeException e) {
            log.warn("session copy not removed from Valkey yet ({}); retried until it is", e.toString());
        }
    }

    /** Four attempts, 250, 500 and 1,000 ms apart: Lettuce reconnects within 2 s (common's ValkeyClientAutoConfiguration). */
    private final Retry copyRemoval = Retry.of("session-copy-removal", RetryConfig.custom()
            .maxAttempts(4)
            .intervalFunction(IntervalFunction.ofExponentialBackoff(Duration.ofMillis(250), 2))
            .build());

    /**
     * Removes the Valkey copies of ended sessions (again, for a minute after each sign-out), then
     * forgets the evictions Valkey has confirmed. Every instance runs it; a delete is idempotent.
     */
    @Scheduled(fixedDelayString = "${twitter.graph.session-eviction-interval:2s}")
    void evict() {
        List<byte[]> pending;
        try {
            pending = jdbc.sql("SELECT token_hash FROM graph.session_evictions ORDER BY queued_at LIMIT 1000")
                    .query((rs, n) -> rs.getBytes(1)).list();
        } catch (DataAccessException e) {
            log.debug("PostgreSQL unavailable; session evictions wait: {}", e.toString());
            return;
        }
        if (pending.isEmpty()) {
            return;
        }
        try {
            redis.delete(pending.stream().map(h -> SessionKeys.PREFIX + SessionKeys.encode(h)).toList());
        } catch (RuntimeException e) {
            log.debug("Valkey unavailable; {} session evictions wait: {}", pending.size(), e.toString());
            return;
        }
        try {
            jdbc.sql("DELETE FROM graph.session_evictions WHERE token_hash IN (:hashes) AND queued_at < now() - make_interval(secs => :seconds)")
                    .param("hashes", pending)
                    .param("seconds", EVICTION_REPEAT.toSeconds())
                    .update();
        } catch (DataAccessException e) {
            log.debug("PostgreSQL unavailable; confirmed evictions are forgotten next time: {}", e.toString());
        }
    }

    /** Expired sessions are of no use to anyone. */
    @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT1M")
    void purgeExpired() {
        int purged = jdbc.sql("DELETE FROM graph.sessions WHERE token_hash IN "
                + "(SELECT token_hash FROM graph.sessions WHERE expires_at < now() LIMIT 10000)").update();
        if (purged > 0) {
            log.info("purged {} expired sessions", purged);
        }
    }

    private void cache(byte[] hash, Session session) {
        Duration left = Duration.between(Instant.now(), session.expiresAt());
        if (left.isNegative() || left.isZero()) {
            return;
        }
        try {
            redis.opsForValue().set(SessionKeys.PREFIX + SessionKeys.encode(hash), Long.toString(session.userId()), left);
        } catch (RuntimeException e) {
            // the row is the session; the gateway asks for it while Valkey has no copy
            log.warn("session not copied to Valkey ({}); served from PostgreSQL", e.toString());
        }
    }
}
