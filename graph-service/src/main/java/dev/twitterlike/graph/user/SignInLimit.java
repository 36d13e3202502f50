package dev.twitterlike.graph.user;

import dev.twitterlike.common.web.Problems;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Locale;

/**
 * At most {@code twitter.graph.sign-in-limit.attempts} sign-ins per username in each window of
 * {@code twitter.graph.sign-in-limit.per} (default 10 per 15 minutes), whichever address they
 * come from: the gateway's limit per address does nothing against a guesser with many addresses.
 * <p>
 * An attempt is counted before the password is checked, in one statement (concurrent guesses
 * cannot slip past the count), and once over the limit every attempt gets the same 429 whether
 * the password is right or wrong, so the limit answers nothing about the password. A successful
 * sign-in clears the count. The counts are rows in PostgreSQL: the limit cannot fail open while
 * Valkey is down, and if PostgreSQL is down sign-in fails (503) rather than goes unlimited.
 */
@Component
public class SignInLimit {

    private static final Logger log = LoggerFactory.getLogger(SignInLimit.class);

    private final JdbcClient jdbc;
    private final int attempts;
    private final Duration window;

    SignInLimit(JdbcClient jdbc, @Value("${twitter.graph.sign-in-limit.attempts:10}") int attempts,
            @Value("${twitter.graph.sign-in-limit.per:15m}") Duration window) {
        this.jdbc = jdbc;
        this.attempts = attempts;
        this.window = window;
    }

    /** Counts an attempt for the username; a 429 problem (with Retry-After) when it is one too many. */
    public void attempt(String username) {
        OffsetDateTime windowStarted = jdbc.sql("""
                INSERT INTO graph.sign_in_attempts AS a (username_key, attempts, window_started)
                VALUES (:key, 1, now())
                ON CONFLICT (username_key) DO UPDATE SET
                    attempts = CASE WHEN a.window_started < now() - make_interval(secs => :window) THEN 1 ELSE a.attempts + 1 END,
                    window_started = CASE WHEN a.window_started < now() - make_interval(secs => :window) THEN now() ELSE a.window_started END
                RETURNING CASE WHEN attempts > :limit THEN window_started END
                """)
                .param("key", key(username))
                .param("window", window.toSeconds())
                .param("limit", attempts)
                .query(OffsetDateTime.class).optional().orElse(null);
        if (windowStarted != null) {
            long retryAfter = Math.max(1, Duration.between(Instant.now(), windowStarted.toInstant().plus(window)).toSeconds());
            log.info("sign-in limit reached for a username ({} attempts per {})", attempts, window);
            ErrorResponseException refused = Problems.of(HttpStatus.TOO_MANY_REQUESTS, "too-many-sign-ins",
                    "Too many sign-in attempts for this account; try again in " + retryAfter + " s");
            refused.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter));
            throw refused;
        }
    }

    /** A correct password: the count starts again. */
    public void succeeded(String username) {
        jdbc.sql("DELETE FROM graph.sign_in_attempts WHERE username_key = :key").param("key", key(username)).update();
    }

    @Scheduled(fixedDelayString = "PT10M", initialDelayString = "PT1M")
    void purgeOldWindows() {
        jdbc.sql("DELETE FROM graph.sign_in_attempts WHERE window_started < now() - make_interval(secs => :window)")
                .param("window", window.toSeconds()).update();
    }

    private static String key(String username) {
        return username.strip().toLowerCase(Locale.ROOT);
    }
}
