package dev.twitterlike.tweet.posting;

import dev.twitterlike.common.web.Problems;
import dev.twitterlike.tweet.TweetProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.ErrorResponseException;
import tools.jackson.databind.json.JsonMapper;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * {@code Idempotency-Key} for {@code POST /api/tweets}: the same user sending the same key within
 * 24 h gets the first response back unchanged (status, Location, body byte for byte, plus
 * {@code Idempotent-Replayed: true}); the same key with a different body is a 422.
 *
 * <p>How: the key is claimed in PostgreSQL ({@code tweets.idempotency_keys}, primary key user and
 * key) in the same transaction that writes the tweet and its outbox event, and the response is
 * stored in that row before the commit. So a key writes at most one tweet whatever fails: a
 * crash before the commit leaves neither tweet nor key (the retry posts it), a crash after
 * leaves both (the retry gets the response). Concurrent requests with one key queue on the
 * row's unique index: the first posts; the others, once it commits, replay its response (or,
 * if it failed, the next one posts). A duplicate that waits longer than {@code duplicate-wait}
 * ({@code lock_timeout}) gets a 409 with {@code Retry-After}. Keys older than {@code ttl} may
 * be used again, and are purged.
 */
@Component
class IdempotencyGuard {

    static final String HEADER = "Idempotency-Key";
    private static final Logger log = LoggerFactory.getLogger(IdempotencyGuard.class);
    private static final Pattern VALID_KEY = Pattern.compile("[\\x21-\\x7E]{1,255}");
    /** PostgreSQL's lock_not_available: the lock_timeout passed. */
    private static final String LOCK_NOT_AVAILABLE = "55P03";

    /** A response as it is sent, and as it is replayed. */
    record Outcome(int status, String location, String body, boolean replayed) {
    }

    private record Stored(String fingerprint, int status, String location, String body) {
    }

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final JsonMapper json;
    private final TweetProperties.Idempotency settings;
    private final Counter replayed;

    IdempotencyGuard(JdbcClient jdbc, TransactionTemplate transactions, JsonMapper json, TweetProperties properties,
            MeterRegistry meters) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.json = json;
        this.settings = properties.idempotency();
        this.replayed = Counter.builder("idempotency.replayed").description("responses replayed for a repeated Idempotency-Key")
                .register(meters);
    }

    /**
     * Runs {@code action} once per user and key, in one transaction with the key's claim;
     * without a key, simply runs it.
     *
     * @param body the parsed request, whose JSON is fingerprinted to tell a retry from a reuse
     */
    Outcome once(long userId, String key, Object body, Supplier<Outcome> action) {
        if (key == null) {
            return action.get();
        }
        if (!VALID_KEY.matcher(key).matches()) {
            throw Problems.invalid(Map.of(HEADER, "must be 1 to 255 visible ASCII characters"));
        }
        String fingerprint = fingerprint(body);
        try {
            return transactions.execute(tx -> {
                jdbc.sql("SELECT set_config('lock_timeout', ?, true)").param(settings.duplicateWait().toMillis() + "ms")
                        .query(String.class).single();
                // a live row (a retry) wins the conflict; an expired one is taken over; a row
                // another transaction is writing makes this wait for its commit or roll-back
                int claimed = jdbc.sql("""
                        INSERT INTO tweets.idempotency_keys (user_id, idempotency_key, fingerprint) VALUES (?, ?, ?)
                        ON CONFLICT (user_id, idempotency_key) DO UPDATE
                            SET fingerprint = EXCLUDED.fingerprint, status = NULL, location = NULL, body = NULL, created_at = now()
                            WHERE idempotency_keys.created_at < now() - make_interval(secs => ?)""")
                        .params(userId, key, fingerprint, settings.ttl().toSeconds())
                        .update();
                if (claimed == 0) {
                    return replay(userId, key, fingerprint);
                }
                Outcome outcome = action.get();
                jdbc.sql("UPDATE tweets.idempotency_keys SET status = ?, location = ?, body = ? WHERE user_id = ? AND idempotency_key = ?")
                        .params(outcome.status(), outcome.location(), outcome.body(), userId, key)
                        .update();
                return outcome;
            });
        } catch (DataAccessException e) {
            if (isLockTimeout(e)) {
                throw inProgress();
            }
            throw e;
        }
    }

    private Outcome replay(long userId, String key, String fingerprint) {
        Stored stored = jdbc.sql("SELECT fingerprint, status, location, body FROM tweets.idempotency_keys WHERE user_id = ? AND idempotency_key = ?")
                .params(userId, key)
                .query((rs, n) -> new Stored(rs.getString(1), rs.getInt(2), rs.getString(3), rs.getString(4)))
                .single();
        if (!stored.fingerprint().equals(fingerprint)) {
            throw Problems.of(HttpStatus.UNPROCESSABLE_CONTENT, "idempotency-key-reused",
                    "This Idempotency-Key was already used with a different request body");
        }
        replayed.increment();
        return new Outcome(stored.status(), stored.location(), stored.body(), true);
    }

    /** Keys past their time are of no use: removed in batches, so no purge holds locks for long. */
    @Scheduled(fixedDelayString = "PT10M", initialDelayString = "PT1M")
    void purgeExpired() {
        int purged;
        do {
            purged = jdbc.sql("""
                    DELETE FROM tweets.idempotency_keys WHERE ctid IN (SELECT ctid FROM tweets.idempotency_keys
                        WHERE created_at < now() - make_interval(secs => ?) LIMIT 5000)""")
                    .param(settings.ttl().toSeconds())
                    .update();
            if (purged > 0) {
                log.debug("purged {} expired idempotency keys", purged);
            }
        } while (purged == 5000);
    }

    private static boolean isLockTimeout(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && LOCK_NOT_AVAILABLE.equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    private static ErrorResponseException inProgress() {
        ErrorResponseException e = Problems.of(HttpStatus.CONFLICT, "idempotency-key-in-progress",
                "A request with this Idempotency-Key is still being processed; retry shortly to get its response");
        e.getHeaders().set("Retry-After", "1");
        return e;
    }

    private String fingerprint(Object body) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(json.writeValueAsBytes(body));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
