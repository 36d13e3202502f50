package dev.twitterlike.tweet.posting;

import dev.twitterlike.common.web.Problems;
import dev.twitterlike.tweet.TweetProperties;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;
import tools.jackson.databind.json.JsonMapper;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * {@code Idempotency-Key} for {@code POST /api/tweets}: the same user sending the same key within
 * 24 h gets the first response back unchanged (status, Location, body byte for byte, plus
 * {@code Idempotent-Replayed: true}); the same key with a different body is a 422.
 *
 * <p>How, in Valkey under {@code idempotency:tweet:<userId>:<key>}:
 * <ol>
 * <li>{@code SET NX} an in-flight marker holding the body's SHA-256 (expiring after
 *     {@code in-flight-ttl}, so a request that dies mid-way does not block the key for a day).
 *     Exactly one of any number of concurrent requests wins it and posts the tweet.</li>
 * <li>The winner replaces the marker with its response, kept for {@code ttl} (24 h). If posting
 *     fails (a 4xx, say), it removes the marker: nothing happened, so a retry may run again.</li>
 * <li>A request that finds the marker compares body hashes (422 if they differ), then waits up
 *     to {@code duplicate-wait} for the response, polling, and replays it. If the first request
 *     is still running after that, it gets a 409 with {@code Retry-After}: retrying later returns
 *     the stored response.</li>
 * </ol>
 *
 * <p>Valkey being down must not stop anyone from tweeting: every Valkey call goes through a
 * circuit breaker, and when it fails or the breaker is open the request is served without
 * idempotency (a retry may then post twice, the lesser evil) and {@code idempotency.degraded}
 * counts it.
 */
@Component
class IdempotencyGuard {

    static final String HEADER = "Idempotency-Key";
    private static final Logger log = LoggerFactory.getLogger(IdempotencyGuard.class);
    private static final Pattern VALID_KEY = Pattern.compile("[\\x21-\\x7E]{1,255}");
    private static final String IN_FLIGHT = "in-flight";
    private static final String DONE = "done";

    /** A response as it is sent, and as it is replayed. */
    record Outcome(int status, String location, String body, boolean replayed) {
    }

    /** What Valkey holds for a key. */
    record Entry(String state, String fingerprint, Integer status, String location, String body) {
    }

    private final StringRedisTemplate redis;
    private final JsonMapper json;
    private final TweetProperties.Idempotency settings;
    private final CircuitBreaker breaker;
    private final MeterRegistry meters;
    private final Counter replayed;
    private volatile long lastWarnedAt;

    IdempotencyGuard(StringRedisTemplate redis, JsonMapper json, TweetProperties properties, MeterRegistry meters) {
        this.redis = redis;
        this.json = json;
        this.settings = properties.idempotency();
        this.meters = meters;
        // 5 failures in a row open it for 30 s: while Valkey is away, posts skip it at once
        // instead of each waiting for a connection timeout
        CircuitBreakerRegistry registry = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(5)
                .minimumNumberOfCalls(5)
                .failureRateThreshold(100)
                .waitDurationInOpenState(Duration.ofSeconds(30))
                .permittedNumberOfCallsInHalfOpenState(1)
                .build());
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(registry).bindTo(meters);
        this.breaker = registry.circuitBreaker("redis-idempotency");
        this.replayed = Counter.builder("idempotency.replayed").description("responses replayed for a repeated Idempotency-Key")
                .register(meters);
        // registered up front so the series exists (at 0) before the first degradation
        for (String step : new String[] {"claim", "store", "release", "wait"}) {
            degraded(step);
        }
    }

    /**
     * Runs {@code action} once per user and key; without a key, simply runs it.
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
        String redisKey = "idempotency:tweet:" + userId + ":" + key;
        String fingerprint = fingerprint(body);
        long deadline = System.nanoTime() + settings.duplicateWait().toNanos();
        long pauseMillis = 5;
        while (true) {
            Optional<Boolean> claimed = valkey("claim", () -> redis.opsForValue()
                    .setIfAbsent(redisKey, write(new Entry(IN_FLIGHT, fingerprint, null, null, null)), settings.inFlightTtl()));
            if (claimed.isEmpty()) {
                return action.get(); // degraded: no idempotency while Valkey is away
            }
            if (claimed.get()) {
                return runAndStore(redisKey, fingerprint, action);
            }
            Optional<Optional<String>> current = valkey("wait", () -> Optional.ofNullable(redis.opsForValue().get(redisKey)));
            if (current.isEmpty()) {
                throw inProgress();
            }
            if (current.get().isPresent()) {
                Entry entry = json.readValue(current.get().get(), Entry.class);
                if (!entry.fingerprint().equals(fingerprint)) {
                    throw Problems.of(HttpStatus.UNPROCESSABLE_CONTENT, "idempotency-key-reused",
                            "This Idempotency-Key was already used with a different request body");
                }
                if (DONE.equals(entry.state())) {
                    replayed.increment();
                    return new Outcome(entry.status(), entry.location(), entry.body(), true);
                }
            } // else: the first request failed and let the key go; claim it again
            if (System.nanoTime() > deadline) {
                throw inProgress();
            }
            pause(pauseMillis);
            pauseMillis = Math.min(pauseMillis * 2, 100);
        }
    }

    private Outcome runAndStore(String redisKey, String fingerprint, Supplier<Outcome> action) {
        Outcome outcome;
        try {
            outcome = action.get();
        } catch (RuntimeException failed) {
            valkey("release", () -> redis.delete(redisKey));
            throw failed;
        }
        String entry = write(new Entry(DONE, fingerprint, outcome.status(), outcome.location(), outcome.body()));
        valkey("store", () -> {
            redis.opsForValue().set(redisKey, entry, settings.ttl());
            return true;
        });
        return outcome;
    }

    /** A Valkey call through the breaker; empty (and counted) when Valkey fails or the breaker is open. */
    private <T> Optional<T> valkey(String step, Supplier<T> call) {
        try {
            return Optional.of(breaker.executeSupplier(call));
        } catch (DataAccessException | CallNotPermittedException e) {
            degraded(step).increment();
            long now = System.currentTimeMillis();
            if (now - lastWarnedAt > 30_000) {
                lastWarnedAt = now;
                log.warn("Valkey unavailable, serving tweets without Idempotency-Key protection: {}", e.toString());
            }
            return Optional.empty();
        }
    }

    private Counter degraded(String step) {
        return Counter.builder("idempotency.degraded")
                .description("Idempotency-Key checks skipped or failed because Valkey was unavailable")
                .tag("step", step).register(meters);
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

    private String write(Entry entry) {
        return json.writeValueAsString(entry);
    }

    /** Waiting for the first request's response; cheap on the virtual threads requests run on. */
    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw inProgress();
        }
    }
}
