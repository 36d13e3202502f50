package dev.twitterlike.gateway;

import dev.twitterlike.common.web.SessionKeys;
import dev.twitterlike.devstack.Infra;
import dev.twitterlike.devstack.UseDevStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rate limits against real Redis, with small budgets so that a few requests use them up:
 * login 3 an hour (1200 tokens a request, 1 token a second), posting 2 an hour, and a shared
 * API budget of 5 an hour.
 */
@UseDevStack(Infra.REDIS)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "twitter.gateway.rate-limits.api.requests=5", "twitter.gateway.rate-limits.api.per=1h",
        "twitter.gateway.rate-limits.routes.login.requests=3", "twitter.gateway.rate-limits.routes.login.per=1h",
        "twitter.gateway.rate-limits.routes.post-tweet.requests=2", "twitter.gateway.rate-limits.routes.post-tweet.per=1h",
        "twitter.gateway.rate-limits.routes.upload-media.requests=2", "twitter.gateway.rate-limits.routes.upload-media.per=1h"})
@DirtiesContext
class RateLimitTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TestBackend BACKEND = TestBackend.start();

    @LocalServerPort
    int port;

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

    @BeforeEach
    void freshBuckets() {
        RateLimitBuckets.clear(redis);
        BACKEND.received().clear();
    }

    /** Leaves no empty bucket behind for the test classes that run with the real limits. */
    @AfterEach
    void noEmptyBucketsLeft() {
        RateLimitBuckets.clear(redis);
    }

    @Test
    void loginIsLimitedPerAddressAndTheRefusalSaysWhenToRetry() throws Exception {
        GatewayClient client = new GatewayClient(port);
        for (int i = 1; i <= 3; i++) {
            HttpResponse<String> login = client.send("POST", "/api/auth/login", Map.of());
            assertThat(login.statusCode()).isEqualTo(200);
            // tokens left: each login costs 1200 of 3600, and one token comes back each second
            long remaining = Long.parseLong(login.headers().firstValue("X-RateLimit-Remaining").orElseThrow());
            assertThat(remaining).isBetween(3600 - 1200L * i, 3600 - 1200L * i + 60);
        }

        HttpResponse<String> refused = client.send("POST", "/api/auth/login", Map.of());
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(refused.headers().firstValue("X-RateLimit-Remaining")).isPresent();
        // 1200 tokens at 1 a second, less whatever refilled while this test ran
        long retryAfter = Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow());
        assertThat(retryAfter).isBetween(1100L, 1200L);
        JsonNode problem = JSON.readTree(refused.body());
        assertThat(problem.path("type").asString()).isEqualTo("https://twitter-like.dev/problems/rate-limited");
        assertThat(problem.path("status").asInt()).isEqualTo(429);
        assertThat(problem.path("instance").asString()).isEqualTo("/api/auth/login");
        assertThat(problem.path("detail").asString()).contains(Long.toString(retryAfter));
        assertThat(BACKEND.received()).hasSize(3);

        // another address has a budget of its own
        assertThat(client.sendFrom("127.0.0.2", "POST", "/api/auth/login").status()).isEqualTo(200);
        assertThat(BACKEND.received()).hasSize(4);
    }

    @Test
    void loginIsCountedPerAddressEvenWithASession() throws Exception {
        redis.opsForValue().set(SessionKeys.valkeyKey("login-a"), "201", Duration.ofMinutes(5));
        redis.opsForValue().set(SessionKeys.valkeyKey("login-b"), "202", Duration.ofMinutes(5));
        GatewayClient client = new GatewayClient(port);
        for (int i = 0; i < 3; i++) {
            String session = i % 2 == 0 ? "login-a" : "login-b";
            assertThat(client.send("POST", "/api/auth/login", Map.of("Cookie", "session=" + session)).statusCode()).isEqualTo(200);
        }
        assertThat(client.send("POST", "/api/auth/login", Map.of("Cookie", "session=login-b")).statusCode()).isEqualTo(429);
    }

    /** Past the upload budget, the 429 comes before a byte of the upload is read. */
    @Test
    void uploadsPastTheBudgetAreRefusedBeforeTheBodyIsRead() throws Exception {
        redis.opsForValue().set(SessionKeys.valkeyKey("uploader-a"), "301", Duration.ofMinutes(5));
        java.util.concurrent.atomic.AtomicLong sent = new java.util.concurrent.atomic.AtomicLong();
        java.util.function.Supplier<HttpResponse<String>> upload = () -> {
            byte[] image = new byte[1024 * 1024];
            java.io.InputStream counted = new java.io.ByteArrayInputStream(image) {
                @Override
                public synchronized int read(byte[] b, int off, int len) {
                    int n = super.read(b, off, len);
                    if (n > 0) {
                        sent.addAndGet(n);
                    }
                    return n;
                }
            };
            try {
                return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                                java.net.URI.create("http://127.0.0.1:" + port + "/api/media"))
                        .header("Cookie", "session=uploader-a").header("Content-Type", "application/octet-stream")
                        .expectContinue(true)
                        .POST(java.net.http.HttpRequest.BodyPublishers.fromPublisher(
                                java.net.http.HttpRequest.BodyPublishers.ofInputStream(() -> counted), image.length))
                        .build(), HttpResponse.BodyHandlers.ofString());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
        assertThat(upload.get().statusCode()).isEqualTo(200);
        assertThat(upload.get().statusCode()).isEqualTo(200);
        assertThat(sent.get()).isEqualTo(2L * 1024 * 1024);
        sent.set(0);
        HttpResponse<String> refused = upload.get();
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(sent.get()).as("bytes of the refused upload the client had to send").isZero();
        assertThat(BACKEND.received()).hasSize(2);
    }

    @Test
    void postingIsLimitedPerSignedInUser() throws Exception {
        redis.opsForValue().set(SessionKeys.valkeyKey("poster-a"), "101", Duration.ofMinutes(5));
        redis.opsForValue().set(SessionKeys.valkeyKey("poster-b"), "102", Duration.ofMinutes(5));
        GatewayClient client = new GatewayClient(port);
        Map<String, String> alice = Map.of("Cookie", "session=poster-a");
        Map<String, String> bob = Map.of("Cookie", "session=poster-b");

        assertThat(client.send("POST", "/api/tweets", alice).statusCode()).isEqualTo(200);
        assertThat(client.send("POST", "/api/tweets", alice).statusCode()).isEqualTo(200);
        HttpResponse<String> refused = client.send("POST", "/api/tweets", alice);
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();

        // the same address, another user: a budget of its own
        assertThat(client.send("POST", "/api/tweets", bob).statusCode()).isEqualTo(200);
        assertThat(BACKEND.received()).hasSize(3).allSatisfy(h -> assertThat(h).containsEntry(":path", "/api/tweets"));
        assertThat(BACKEND.received()).extracting(h -> h.get("x-user-id")).containsExactly("101", "101", "102");
    }

    @Test
    void registrationAndFollowsHaveBucketsOfTheirOwn() throws Exception {
        redis.opsForValue().set(SessionKeys.valkeyKey("follower"), "404", Duration.ofMinutes(5));
        GatewayClient client = new GatewayClient(port);
        // 5 per 30 min: 360 tokens a request, 1 a second, 1800 in the bucket
        assertBucket(client.send("POST", "/api/auth/register", Map.of()), 1, 1800, 360);
        // 400 per 24 h: 216 tokens a request
        assertBucket(client.send("POST", "/api/users/7/follow", Map.of("Cookie", "session=follower")), 1, 86400, 216);
        // unfollowing is an ordinary API call
        assertBucket(client.send("DELETE", "/api/users/7/follow", Map.of("Cookie", "session=follower")), 1, 3600, 720);
    }

    private static void assertBucket(HttpResponse<String> response, int replenishRate, long burstCapacity, int requestedTokens) {
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("X-RateLimit-Replenish-Rate")).hasValue(Integer.toString(replenishRate));
        assertThat(response.headers().firstValue("X-RateLimit-Burst-Capacity")).hasValue(Long.toString(burstCapacity));
        assertThat(response.headers().firstValue("X-RateLimit-Requested-Tokens")).hasValue(Integer.toString(requestedTokens));
    }

    /**
     * The identity filter (a global filter) runs before the limiter (a route filter): a client
     * that forges {@code X-User-Id} is still counted by its address, and one budget covers every
     * route without a limit of its own, whichever service it reaches.
     */
    @Test
    void oneSharedApiBudgetPerAddressWhateverIdentityTheClientClaims() throws Exception {
        GatewayClient client = new GatewayClient(port);
        List<String> paths = List.of("/api/users/1", "/api/tweets/1", "/api/trends", "/api/timeline/user/1", "/api/hashtags/java/tweets");
        for (int i = 0; i < paths.size(); i++) {
            HttpResponse<String> read = client.send("GET", paths.get(i), Map.of("X-User-Id", Integer.toString(1000 + i)));
            assertThat(read.statusCode()).as(paths.get(i)).isEqualTo(200);
        }
        HttpResponse<String> refused = client.send("GET", "/api/users/2", Map.of("X-User-Id", "2000"));
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Retry-After")).hasValueSatisfying(s -> assertThat(Long.parseLong(s)).isBetween(1L, 720L));
        assertThat(BACKEND.received()).hasSize(5);

        // a signed-in user on the same address is counted as that user
        redis.opsForValue().set(SessionKeys.valkeyKey("reader"), "303", Duration.ofMinutes(5));
        assertThat(client.send("GET", "/api/users/2", Map.of("Cookie", "session=reader")).statusCode()).isEqualTo(200);
        // and another address has a budget of its own
        assertThat(client.sendFrom("127.0.0.3", "GET", "/api/users/2").status()).isEqualTo(200);
    }
}
