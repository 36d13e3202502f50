package dev.twitterlike.gateway;

import dev.twitterlike.devstack.ServiceClient;
import dev.twitterlike.devstack.ServiceClient.Response;
import dev.twitterlike.common.web.SessionKeys;
import dev.twitterlike.devstack.Infra;
import dev.twitterlike.devstack.UseDevStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code RATE_LIMITS=off} (for load tests): the same tiny budgets as RateLimitTest, and nothing is refused. */
@UseDevStack(Infra.REDIS)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "RATE_LIMITS=off",
        "twitter.gateway.rate-limits.api.requests=1", "twitter.gateway.rate-limits.api.per=1h",
        "twitter.gateway.rate-limits.routes.login.requests=1", "twitter.gateway.rate-limits.routes.login.per=1h",
        "twitter.gateway.rate-limits.routes.post-tweet.requests=1", "twitter.gateway.rate-limits.routes.post-tweet.per=1h"})
@DirtiesContext
class RateLimitsOffTest {

    private static final TestBackend BACKEND = TestBackend.start();

    @LocalServerPort
    int port;

    /** Requests as a browser or a script sends them. */
    private ServiceClient client;

    @BeforeEach
    void newClient() {
        client = new ServiceClient(port, "gateway");
    }

    @Autowired
    StringRedisTemplate redis;

    @DynamicPropertySource
    static void backends(DynamicPropertyRegistry registry) {
        for (String service : List.of("GRAPH", "TWEET", "TIMELINE", "TREND", "NOTIFICATION")) {
            registry.add(service + "_SERVICE_URL", BACKEND::url);
        }
    }

    @AfterAll
    static void stopBackend() {
        BACKEND.close();
    }

    @Test
    void everythingGoesThroughAndNoBucketIsKept() throws Exception {
        RateLimitBuckets.clear(redis);
        redis.opsForValue().set(SessionKeys.valkeyKey("load-test"), "501", Duration.ofMinutes(5));
        for (int i = 0; i < 10; i++) {
            Map<String, Response> responses = Map.of(
                    "/api/auth/login", client.call("POST", "/api/auth/login", "{}", null, Map.of()),
                    "/api/tweets", client.call("POST", "/api/tweets", "{}", null, Map.of("Cookie", "session=load-test")),
                    "/api/tweets/1", client.call("GET", "/api/tweets/1", null, null, Map.of()));
            responses.forEach((path, response) -> {
                assertThat(response.status()).as(path).isEqualTo(200);
                assertThat(response.headers().firstValue("X-RateLimit-Remaining")).as(path).isEmpty();
            });
        }
        assertThat(BACKEND.received()).hasSize(30);
        assertThat(redis.keys(RateLimitBuckets.PATTERN)).isEmpty();
    }
}
