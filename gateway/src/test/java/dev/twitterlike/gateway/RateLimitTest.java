package dev.twitterlike.gateway;

import dev.twitterlike.devstack.ServiceClient;
import dev.twitterlike.devstack.ServiceClient.Response;
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
        for (int i = 1; i <= 3; i++) {
            Response login = client.call("POST", "/api/auth/login", "{}", null, Map.of());
            assertThat(login.status()).isEqualTo(200);
            // tokens left: each login costs 1200 of 3600, and one token comes back each second
            long remaining = Long.parseLong(login.headers().firstValue("X-RateLimit-Remaining").orElseThrow());
            assertThat(remaining).isBetween(3600 - 1200L * i, 3600 - 1200L * i + 60);
        }

        Response refused = client.call("POST", "/api/auth/login", "{}", null, Map.of());
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(refused.headers().firstValue("X-RateLimit-Remaining")).isPresent();
        // 1200 tokens at 1 a second, less whatever refilled while this test ran
        long retryAfter = Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow());
        assertThat(retryAfter).isBetween(1100L, 1200L);
        JsonNode problem = JSON.readTree(refused.text());
        assertThat(problem.path("type").asString()).isEqualTo("https://twitter-like.dev/problems/rate-limited");
        assertThat(problem.path("status").asInt()).isEqualTo(429);
        assertThat(problem.path("instance").asString()).isEqualTo("/api/auth/login");
        assertThat(problem.path("detail").asString()).contains(Long.toString(retryAfter));
        assertThat(BACKEND.received()).hasSize(3);

        // another address has a budget of its own
        assertThat(sendFrom("127.0.0.2", "POST", "/api/auth/login").status()).isEqualTo(200);
        assertThat(BACKEND.received()).hasSize(4);
    }

    @Test
    void loginIsCountedPerAddressEvenWithASession() throws Exception {
        redis.opsForValue().set(SessionKeys.valkeyKey("login-a"), "201", Duration.ofMinutes(5));
        redis.opsForValue().set(SessionKeys.valkeyKey("login-b"), "202", Duration.ofMinutes(5));
        for (int i = 0; i < 3; i++) {
            String session = i % 2 == 0 ? "login-a" : "login-b";
            assertThat(client.call("POST", "/api/auth/login", "{}", null, Map.of("Cookie", "session=" + session)).status()).isEqualTo(200);
        }
        assertThat(client.call("POST", "/api/auth/login", "{}", null, Map.of("Cookie", "session=login-b")).status()).isEqualTo(429);
    }

    /** Past the upload budget, the 429 comes before a byte of the upload is read. */
    @Test
    void uploadsPastTheBudgetAreRefusedBeforeTheBodyIsRead() throws Exception {
        redis.opsForValue().set(SessionKeys.valkeyKey("uploader-a"), "301", Duration.ofMinutes(5));
        java.util.concurrent.atomic.AtomicLong sent = new java.util.concurrent.atomic.AtomicLong();
        java.util.function.Supplier<Response> upload = () -> {
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
            return client.send(client.request("POST", "/api/media", null, java.net.http.HttpRequest.BodyPublishers.fromPublisher(
                            java.net.http.HttpRequest.BodyPublishers.ofInputStream(() -> counted), image.length))
                    .header("Cookie", "session=uploader-a").header("Content-Type", "application/octet-stream")
                    .expectContinue(true));
        };
        assertThat(upload.get().status()).isEqualTo(200);
        assertThat(upload.get().status()).isEqualTo(200);
        assertThat(sent.get()).isEqualTo(2L * 1024 * 1024);
        sent.set(0);
        Response refused = upload.get();
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(sent.get()).as("bytes of the refused upload the client had to send").isZero();
        assertThat(BACKEND.received()).hasSize(2);
    }

    @Test
    void postingIsLimitedPerSignedInUser() throws Exception {
        redis.opsForValue().set(SessionKeys.valkeyKey("poster-a"), "101", Duration.ofMinutes(5));
        redis.opsForValue().set(SessionKeys.valkeyKey("poster-b"), "102", Duration.ofMinutes(5));
        Map<String, String> alice = Map.of("Cookie", "session=poster-a");
        Map<String, String> bob = Map.of("Cookie", "session=poster-b");

        assertThat(client.call("POST", "/api/tweets", "{}", null, alice).status()).isEqualTo(200);
        assertThat(client.call("POST", "/api/tweets", "{}", null, alice).status()).isEqualTo(200);
        Response refused = client.call("POST", "/api/tweets", "{}", null, alice);
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();

        // the same address, another user: a budget of its own
        assertThat(client.call("POST", "/api/tweets", "{}", null, bob).status()).isEqualTo(200);
        assertThat(BACKEND.received()).hasSize(3).allSatisfy(h -> assertThat(h).containsEntry(":path", "/api/tweets"));
        assertThat(BACKEND.received()).extracting(h -> h.get("x-user-id")).containsExactly("101", "101", "102");
    }

    @Test
    void registrationAndFollowsHaveBucketsOfTheirOwn() throws Exception {
        redis.opsForValue().set(SessionKeys.valkeyKey("follower"), "404", Duration.ofMinutes(5));
        // 5 per 30 min: 360 tokens a request, 1 a second, 1800 in the bucket
        assertBucket(client.call("POST", "/api/auth/register", "{}", null, Map.of()), 1, 1800, 360);
        // 400 per 24 h: 216 tokens a request
        assertBucket(client.call("POST", "/api/users/7/follow", "{}", null, Map.of("Cookie", "session=follower")), 1, 86400, 216);
        // unfollowing is an ordinary API call
        assertBucket(client.call("DELETE", "/api/users/7/follow", "{}", null, Map.of("Cookie", "session=follower")), 1, 3600, 720);
    }

    private static void assertBucket(Response response, int replenishRate, long burstCapacity, int requestedTokens) {
        assertThat(response.status()).isEqualTo(200);
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
        List<String> paths = List.of("/api/users/1", "/api/tweets/1", "/api/trends", "/api/timeline/user/1", "/api/hashtags/java/tweets");
        for (int i = 0; i < paths.size(); i++) {
            Response read = client.call("GET", paths.get(i), null, null, Map.of("X-User-Id", Integer.toString(1000 + i)));
            assertThat(read.status()).as(paths.get(i)).isEqualTo(200);
        }
        Response refused = client.call("GET", "/api/users/2", null, null, Map.of("X-User-Id", "2000"));
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Retry-After")).hasValueSatisfying(s -> assertThat(Long.parseLong(s)).isBetween(1L, 720L));
        assertThat(BACKEND.received()).hasSize(5);

        // a signed-in user on the same address is counted as that user
        redis.opsForValue().set(SessionKeys.valkeyKey("reader"), "303", Duration.ofMinutes(5));
        assertThat(client.call("GET", "/api/users/2", null, null, Map.of("Cookie", "session=reader")).status()).isEqualTo(200);
        // and another address has a budget of its own
        assertThat(sendFrom("127.0.0.3", "GET", "/api/users/2").status()).isEqualTo(200);
    }

    /** What came back to a client on another address; enough for the rate limit checks. */
    private record Answer(int status, Map<String, String> headers, String body) {
    }

    /**
     * A request from another loopback address (127.0.0.2, ...), as from a second machine: the
     * gateway sees that address as the client's (the JDK's client cannot choose its address on Java 17).
     */
    private Answer sendFrom(String localAddress, String method, String path) {
        var sender = reactor.netty.http.client.HttpClient.newConnection()
                .bindAddress(() -> new java.net.InetSocketAddress(localAddress, 0))
                .headers(h -> h.set("Content-Type", "application/json"))
                .responseTimeout(Duration.ofSeconds(10))
                .request(io.netty.handler.codec.http.HttpMethod.valueOf(method))
                .uri("http://127.0.0.1:" + port + path);
        reactor.netty.http.client.HttpClient.ResponseReceiver<?> receiver = "GET".equals(method) ? sender
                : sender.send(reactor.netty.ByteBufFlux.fromString(reactor.core.publisher.Mono.just("{}")));
        return receiver.responseSingle((response, body) -> body.asString().defaultIfEmpty("").map(text -> {
                    Map<String, String> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
                    response.responseHeaders().forEach(h -> headers.put(h.getKey(), h.getValue()));
                    return new Answer(response.status().code(), headers, text);
                }))
                .block(Duration.ofSeconds(15));
    }
}
