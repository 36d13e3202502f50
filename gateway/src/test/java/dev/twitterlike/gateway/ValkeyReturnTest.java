package dev.twitterlike.gateway;

import dev.twitterlike.devstack.ServiceClient;

import dev.twitterlike.common.web.SessionKeys;
import dev.twitterlike.devstack.DevStack;
import dev.twitterlike.devstack.Infra;
import dev.twitterlike.devstack.UseDevStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Valkey comes back from an outage still holding the copy of a session that was ended while it
 * was away (graph-service removes such copies within seconds). Until Valkey has been back for
 * the session-cache time, the gateway takes sessions from graph-service, so the ended session
 * is refused from the first request on; afterwards Valkey is the fast path again.
 */
@UseDevStack(Infra.REDIS)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "twitter.gateway.session-cache=3s")
@DirtiesContext
class ValkeyReturnTest {

    private static final TestBackend BACKEND = TestBackend.start();

    @LocalServerPort
    int port;

    @Autowired
    StringRedisTemplate redis;

    @Autowired
    SessionVerifier verifier;

    @DynamicPropertySource
    static void backends(DynamicPropertyRegistry registry) {
        TestBackend.serveEveryService(registry, BACKEND);
        registry.add("RATE_LIMITS", () -> "off");
    }

    @AfterAll
    static void stopBackend() {
        BACKEND.close();
    }

    @Test
    void aSessionEndedDuringTheOutageIsRefusedEvenIfValkeyKeptItsCopy() throws Exception {
        ServiceClient client = new ServiceClient(port, "gateway");
        BACKEND.session("kept", 21L);
        redis.opsForValue().set(SessionKeys.valkeyKey("kept"), "21", Duration.ofMinutes(5));
        assertThat(client.call("GET", "/api/timeline/home", null, null, Map.of("Cookie", "session=kept")).status()).isEqualTo(200);

        DevStack.get().restartRedis(() -> {
            // signed out while Valkey was away: graph-service's row is gone, the delete queued
        });
        BACKEND.session("ended", null);
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().untilAsserted(() ->
                redis.opsForValue().set(SessionKeys.valkeyKey("ended"), "22", Duration.ofMinutes(5)));
        redis.opsForValue().set(SessionKeys.valkeyKey("kept"), "21", Duration.ofMinutes(5));

        // Valkey says 22; graph-service, asked while Valkey is freshly back, says no such session
        assertThat(client.call("GET", "/api/timeline/home", null, null, Map.of("Cookie", "session=ended")).status()).isEqualTo(401);
        assertThat(client.call("GET", "/api/timeline/home", null, null, Map.of("Cookie", "session=kept")).status()).isEqualTo(200);

        // once the grace is over, Valkey answers again without asking graph-service
        await().atMost(Duration.ofSeconds(10)).until(verifier::trustsValkey);
        int lookups = BACKEND.sessionLookups();
        for (int i = 0; i < 5; i++) {
            assertThat(client.call("GET", "/api/timeline/home", null, null, Map.of("Cookie", "session=kept")).status()).isEqualTo(200);
        }
        assertThat(BACKEND.sessionLookups()).isEqualTo(lookups);
    }
}
