package dev.twitterlike.tweet;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service with its Valkey gone: pointed at a port where nothing listens (a real connection
 * refused, not a mock). Posting must go on, without Idempotency-Key protection, and the metric
 * must say so.
 */
class IdempotencyWithoutValkeyTest extends TweetIntegrationTest {

    private static final int NOTHING_LISTENS = freePort();

    @DynamicPropertySource
    static void valkeyIsAway(DynamicPropertyRegistry registry) {
        registry.add("spring.data.redis.port", () -> NOTHING_LISTENS);
    }

    @Autowired
    MeterRegistry meters;

    @Test
    void postingGoesOnAndTheDegradationIsCounted() {
        long author = user();
        String key = UUID.randomUUID().toString();
        double before = degraded();
        for (int i = 0; i < 8; i++) {
            Response posted = call("POST", "/api/tweets", Map.of("content", "Valkey is away"), author, Map.of("Idempotency-Key", key));
            assertThat(posted.status()).as(posted.raw().body()).isEqualTo(201);
        }
        assertThat(call("POST", "/api/tweets", Map.of("content", "no key"), author).status()).isEqualTo(201);
        // the price of staying up: retries with one key are no longer folded into one tweet
        assertThat(count("SELECT count(*) FROM tweets.tweets WHERE author_id = ?", author)).isEqualTo(9);
        assertThat(degraded() - before).isGreaterThanOrEqualTo(8);
        assertThat(call("GET", "/actuator/prometheus", null, null).raw().body())
                .containsPattern("idempotency_degraded_total\\{[^}]*step=\"claim\"[^}]*} [1-9]");
    }

    private double degraded() {
        return meters.find("idempotency.degraded").counters().stream().mapToDouble(c -> c.count()).sum();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
