package dev.twitterlike.common.resilience;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.core.instrument.MeterRegistry;

import java.sql.SQLException;
import java.time.Duration;
import java.util.NoSuchElementException;
import java.util.function.Predicate;

/**
 * The circuit breakers of the design's table ("5 failures, 30 s"), every one of a service made
 * here, in one registry ({@link BreakersAutoConfiguration} provides it as a bean): a breaker
 * that opens after {@code failures} calls in a row fail and stays open for {@code openFor},
 * then lets one call through to test the dependency. Their state and calls are exported to
 * Prometheus as {@code resilience4j_circuitbreaker_state{name="..."}} and friends.
 *
 * <p>Every breaker made here guards Valkey, and some guarded calls also read PostgreSQL (a
 * timeline rebuilt on a miss, a tweet filled after one). A failure caused by PostgreSQL (a
 * {@link SQLException} in its causes: its pool exhausted, a query timed out) says nothing of
 * Valkey and is ignored: counted as a Valkey failure it opened {@code redis-timeline} under a
 * read load that had only run out of database connections, which sent every read to
 * PostgreSQL, the part that was already saturated.
 */
public final class Breakers {

    private final CircuitBreakerRegistry registry = CircuitBreakerRegistry.ofDefaults();

    public Breakers(MeterRegistry meters) {
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(registry).bindTo(meters);
    }

    public CircuitBreaker consecutiveFailures(String name, int failures, Duration openFor) {
        return registry.circuitBreaker(name, CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(failures)
                .minimumNumberOfCalls(failures)
                .failureRateThreshold(100)
                .waitDurationInOpenState(openFor)
                .permittedNumberOfCallsInHalfOpenState(1)
                .ignoreException(Breakers::notValkeysFault)
                .build());
    }

    /**
     * A failure that says nothing of Valkey: PostgreSQL's ({@link #fromPostgres}), or this
     * process's own pool of Valkey connections exhausted ({@link #poolExhausted}). Callers that
     * would fall back to PostgreSQL on a Valkey failure fail the request instead (a 503): the
     * fallback would add load to a process or database that is already saturated.
     */
    public static boolean notValkeysFault(Throwable failure) {
        return fromPostgres(failure) || poolExhausted(failure);
    }

    /**
     * No pooled Valkey connection freed up in time (commons-pool2's borrow timed out: a
     * {@link NoSuchElementException} of its own, without a cause, which Spring Data Redis wraps
     * as "Unable to connect to Redis"): too many of this process's requests at once, not Valkey
     * failing. Found at a million users: pipelines of 60 pulled lists held the 16 connections
     * long enough that waits passed the 1 s limit, and counted as Valkey failures they opened
     * the breakers and sent every read to PostgreSQL.
     */
    static boolean poolExhausted(Throwable failure) {
        return anyCause(failure, cause -> cause instanceof NoSuchElementException && cause.getCause() == null);
    }

    /** A SQLException among the causes: a failure of PostgreSQL, not of what the breaker guards. */
    static boolean fromPostgres(Throwable failure) {
        return anyCause(failure, cause -> cause instanceof SQLException);
    }

    private static boolean anyCause(Throwable failure, Predicate<Throwable> test) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (test.test(cause)) {
                return true;
            }
        }
        return false;
    }
}
