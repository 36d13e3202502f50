package dev.twitterlike.tweet;

import dev.twitterlike.devstack.ServiceClient.Response;
import org.junit.jupiter.api.Test;
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
 * refused, not a mock). Keys live in PostgreSQL, so retries with one key still post once.
 */
class IdempotencyWithoutValkeyTest extends TweetIntegrationTest {

    private static final int NOTHING_LISTENS = freePort();

    @DynamicPropertySource
    static void valkeyIsAway(DynamicPropertyRegistry registry) {
        registry.add("spring.data.redis.port", () -> NOTHING_LISTENS);
    }

    @Test
    void retriesWithOneKeyStillPostOnce() {
        long author = user();
        String key = UUID.randomUUID().toString();
        for (int i = 0; i < 8; i++) {
            Response posted = client.call("POST", "/api/tweets", Map.of("content", "Valkey is away"), author, Map.of("Idempotency-Key", key));
            assertThat(posted.status()).as(posted.text()).isEqualTo(201);
            assertThat(posted.header("Idempotent-Replayed")).isEqualTo(i == 0 ? null : "true");
        }
        assertThat(client.call("POST", "/api/tweets", Map.of("content", "no key"), author).status()).isEqualTo(201);
        assertThat(count("SELECT count(*) FROM tweets.tweets WHERE author_id = ?", author)).isEqualTo(2);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
