package dev.twitterlike.gateway;

import dev.twitterlike.devstack.ServiceClient;
import dev.twitterlike.devstack.ServiceClient.Response;
import dev.twitterlike.common.web.SessionKeys;
import com.sun.net.httpserver.HttpServer;
import dev.twitterlike.common.web.IdentitySigner;
import dev.twitterlike.devstack.Infra;
import dev.twitterlike.devstack.UseDevStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway against real Valkey-protocol Redis and a real HTTP backend standing in for the
 * services (it records the headers it receives, which is what a service would see).
 */
@UseDevStack(Infra.REDIS)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "twitter.gateway.max-upload-body=256KB")
class GatewayTest {

    private static final String SECRET = "gateway-test-secret-0123456789-0123456789";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final List<Map<String, String>> RECEIVED = new CopyOnWriteArrayList<>();
    private static final HttpServer BACKEND = startBackend();

    @LocalServerPort
    int port;

    /** Requests as a browser or a script sends them. */
    private ServiceClient client;

    @BeforeEach
    void newClient() {
        client = new ServiceClient(port, "gateway");
    }

    @LocalManagementPort
    int managementPort;

    @Autowired
    StringRedisTemplate redis;


    @DynamicPropertySource
    static void backends(DynamicPropertyRegistry registry) {
        String url = "http://127.0.0.1:" + BACKEND.getAddress().getPort();
        for (String service : List.of("GRAPH", "TWEET", "TIMELINE", "TREND", "NOTIFICATION")) {
            registry.add(service + "_SERVICE_URL", () -> url);
        }
        registry.add("twitter.gateway.identity-secret", () -> SECRET);
    }

    private static HttpServer startBackend() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", exchange -> {
                Map<String, String> headers = exchange.getRequestHeaders().entrySet().stream()
                        .collect(Collectors.toMap(e -> e.getKey().toLowerCase(), e -> String.join(",", e.getValue())));
                headers.put(":path", exchange.getRequestURI().getPath());
                exchange.getRequestBody().readAllBytes(); // as a service would: closing unread resets the connection
                if (exchange.getRequestURI().getPath().startsWith("/internal/sessions/")) {
                    // as graph-service: the gateway asks when Valkey has no copy of a session
                    int status = exchange.getRequestURI().getPath().endsWith(SessionKeys.encode(SessionKeys.hash("only-in-postgres"))) ? 200 : 404;
                    byte[] answer = (status == 200 ? "{\"userId\":\"44\"}" : "{}").getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().add("Content-Type", "application/json");
                    exchange.sendResponseHeaders(status, answer.length);
                    exchange.getResponseBody().write(answer);
                    exchange.close();
                    return;
                }
                if (!exchange.getRequestURI().getPath().equals("/ready")) { // the load balancer's health checks
                    RECEIVED.add(headers);
                }
                byte[] body = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            // a thread per exchange: a body the gateway cut off (413 mid-stream) must not stall the rest
            server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    static void stopBackend() {
        BACKEND.stop(0);
    }

    @BeforeEach
    void clear() {
        RateLimitBuckets.clear(redis);
        RECEIVED.clear();
    }

    /** The public probes say up or down and nothing else: no dependency names, no error text. */
    @Test
    void publicProbesSayOnlyUpOrDown() throws Exception {
        Response live = client.call("GET", "/live", null, null, Map.of());
        assertThat(live.status()).isEqualTo(200);
        assertThat(JSON.readTree(live.text()).propertyNames()).containsExactly("status");
        Response ready = client.call("GET", "/ready", null, null, Map.of());
        assertThat(ready.status()).isEqualTo(200);
        assertThat(JSON.readTree(ready.text()).propertyNames()).containsExactly("status");
        assertThat(JSON.readTree(ready.text()).path("status").asString()).isEqualTo("ready");
    }

    @Test
    void publicProbesAreRateLimitedPerAddress() throws Exception {
        List<Integer> statuses = new java.util.ArrayList<>();
        for (int i = 0; i < 40; i++) {
            statuses.add(client.call("GET", "/ready", null, null, Map.of()).status());
        }
        assertThat(statuses).contains(429);
        assertThat(statuses.stream().filter(s -> s == 200).count()).isBetween(20L, 39L);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(3)).until(() -> client.call("GET", "/live", null, null, Map.of()).status() == 200);
    }

    @Test
    void servesTheWebAppAndFallsBackToItForAppPaths() throws Exception {
        Response root = client.call("GET", "/", null, null, Map.of());
        assertThat(root.status()).isEqualTo(200);
        assertThat(root.text()).contains("<div id=\"root\"");
        Response deepLink = client.call("GET", "/alice/status/123", null, null, Map.of());
        assertThat(deepLink.status()).isEqualTo(200);
        assertThat(deepLink.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(deepLink.text()).isEqualTo(root.text());
        assertThat(client.call("GET", "/assets/missing-file.js", null, null, Map.of()).status()).isEqualTo(404);
    }

    /** The app's script goes gzipped to a browser that accepts it, and as it is to one that does not. */
    @Test
    void theWebAppsScriptIsGzippedForBrowsersThatAcceptIt() throws Exception {
        Matcher script = Pattern.compile("src=\"(/assets/[^\"]+\\.js)\"").matcher(client.call("GET", "/", null, null, Map.of()).text());
        assertThat(script.find()).as("index.html names its script").isTrue();
        HttpResponse<byte[]> gzipped = client.send(
                client.request("GET", script.group(1), null, HttpRequest.BodyPublishers.noBody()).header("Accept-Encoding", "gzip"),
                HttpResponse.BodyHandlers.ofByteArray());
        HttpResponse<byte[]> plain = client.send(
                client.request("GET", script.group(1), null, HttpRequest.BodyPublishers.noBody()), HttpResponse.BodyHandlers.ofByteArray());

        assertThat(gzipped.statusCode()).isEqualTo(200);
        assertThat(gzipped.headers().firstValue("Content-Encoding")).hasValue("gzip");
        assertThat(plain.headers().firstValue("Content-Encoding")).isEmpty();
        try (GZIPInputStream unzipped = new GZIPInputStream(new ByteArrayInputStream(gzipped.body()))) {
            assertThat(unzipped.readAllBytes()).isEqualTo(plain.body());
        }
        assertThat(gzipped.body().length).isLessThan(plain.body().length / 2);
    }

    /** Every answer carries the browser-side defences: the app, its files, the API, problems. */
    @Test
    void everyResponseCarriesTheSecurityHeaders() throws Exception {
        for (String path : List.of("/", "/alice", "/api/tweets/1", "/api/no-such-area", "/live")) {
            Response response = client.call("GET", path, null, null, Map.of());
            java.net.http.HttpHeaders h = response.headers();
            assertThat(h.firstValue("Content-Security-Policy")).as(path).hasValueSatisfying(csp -> assertThat(csp)
                    .contains("default-src 'self'").contains("script-src 'self'").contains("frame-ancestors 'none'")
                    .contains("img-src 'self' data: blob:").contains("object-src 'none'").doesNotContain("unsafe-inline"));
            assertThat(h.firstValue("X-Frame-Options")).as(path).hasValue("DENY");
            assertThat(h.firstValue("X-Content-Type-Options")).as(path).hasValue("nosniff");
            assertThat(h.firstValue("Referrer-Policy")).as(path).hasValue("same-origin");
            assertThat(h.firstValue("Permissions-Policy")).as(path).hasValueSatisfying(p -> assertThat(p).contains("camera=()"));
            // HTTPS only (SECURE_COOKIES=true): a plain-HTTP local run must not pin HTTPS on localhost
            assertThat(h.firstValue("Strict-Transport-Security")).as(path).isEmpty();
        }
    }

    @Test
    void unknownApiPathIsAProblemJson404() throws Exception {
        Response missing = client.call("GET", "/api/no-such-area/1", null, null, Map.of());
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(RECEIVED).isEmpty();
    }

    @Test
    void routesEachAreaAndPassesTheRequestId() throws Exception {
        for (String path : List.of("/api/users/1", "/api/tweets/1", "/api/hashtags/java/tweets", "/api/timeline/user/1",
                "/api/trends", "/api/auth/me")) {
            assertThat(client.call("GET", path, null, null, Map.of("X-Request-Id", "trace-1")).status()).as(path).isEqualTo(200);
        }
        assertThat(RECEIVED).hasSize(6).allSatisfy(h -> assertThat(h).containsEntry("x-request-id", "trace-1"));
    }

    @Test
    void aRequestWithoutASaneIdGetsANewOneThatTheServiceAndTheCallerBothSee() throws Exception {
        Response unnamed = client.call("GET", "/api/tweets/1", null, null, Map.of());
        Response unsafe = client.call("GET", "/api/tweets/2", null, null, Map.of("X-Request-Id", "bad id with spaces"));
        assertThat(RECEIVED).hasSize(2);
        List<Response> responses = List.of(unnamed, unsafe);
        for (int i = 0; i < 2; i++) {
            String returned = responses.get(i).headers().firstValue("X-Request-Id").orElseThrow();
            assertThat(java.util.UUID.fromString(returned).version()).isEqualTo(4);
            assertThat(RECEIVED.get(i)).containsEntry("x-request-id", returned);
        }
        assertThat(RECEIVED.get(0).get("x-request-id")).isNotEqualTo(RECEIVED.get(1).get("x-request-id"));
    }

    @Test
    void identityHeadersFromTheClientNeverReachAService() throws Exception {
        Response response = client.call("GET", "/api/tweets/1", null, null,
                Map.of("X-User-Id", "999", "X-User-Signature", "123.forged"));
        assertThat(response.status()).isEqualTo(200);
        assertThat(RECEIVED).singleElement().satisfies(h -> {
            assertThat(h).doesNotContainKey("x-user-id");
            assertThat(h).doesNotContainKey("x-user-signature");
        });
    }

    @Test
    void aGenuineSessionBecomesASignedIdentity() throws Exception {
        redis.opsForValue().set(SessionKeys.valkeyKey("good-session"), "42", Duration.ofMinutes(5));
        client.call("POST", "/api/tweets", "{}", null, Map.of("Cookie", "session=good-session", "X-User-Id", "7"));
        assertThat(RECEIVED).singleElement().satisfies(h -> {
            assertThat(h).containsEntry("x-user-id", "42");
            IdentitySigner signer = new IdentitySigner(SECRET);
            assertThat(signer.verify(h.get("x-user-id"), h.get("x-user-signature"), "POST", "/api/tweets", "tweet-service")).hasValue(42);
            // made for this request only: not a DELETE, not another path, not another service
            assertThat(signer.verify(h.get("x-user-id"), h.get("x-user-signature"), "DELETE", "/api/tweets", "tweet-service")).isEmpty();
            assertThat(signer.verify(h.get("x-user-id"), h.get("x-user-signature"), "POST", "/api/tweets/1/like", "tweet-service")).isEmpty();
            assertThat(signer.verify(h.get("x-user-id"), h.get("x-user-signature"), "POST", "/api/tweets", "trend-service")).isEmpty();
        });
    }

    /**
     * A session Valkey confirmed is taken as live for {@code session-memo} (1 s): a reader's next
     * requests cost no lookup (a change to the key is not seen within it). Ended elsewhere (its
     * key deleted, as a sign-out through another gateway does), it is refused once the memo has passed.
     */
    @Test
    void aConfirmedSessionIsRememberedForTheMemoAndAnEndedOneRefusedAfterIt() throws Exception {
        String key = SessionKeys.valkeyKey("memo-session");
        redis.opsForValue().set(key, "46", Duration.ofMinutes(5));
        Map<String, String> cookie = Map.of("Cookie", "session=memo-session");
        assertThat(client.call("GET", "/api/timeline/home", null, null, cookie).status()).isEqualTo(200);
        long confirmed = System.nanoTime();
        redis.opsForValue().set(key, "47", Duration.ofMinutes(5));
        // requests sent well within the memo (half of it: a loaded machine answers slowly)
        int within = 0;
        while (within < 5 && System.nanoTime() - confirmed < Duration.ofMillis(500).toNanos()) {
            assertThat(client.call("GET", "/api/timeline/home", null, null, cookie).status()).isEqualTo(200);
            within++;
        }
        assertThat(within).isPositive();
        assertThat(RECEIVED).hasSize(1 + within).allSatisfy(h -> assertThat(h).as("not looked up again within the memo").containsEntry("x-user-id", "46"));

        redis.delete(key);
        long ended = System.nanoTime();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(50))
                .until(() -> client.call("GET", "/api/timeline/home", null, null, cookie).status() == 401);
        assertThat(Duration.ofNanos(System.nanoTime() - ended)).isLessThan(Duration.ofMillis(1_500));
    }

    /** The 7-day session cookie goes to graph-service's sign-in and sign-out, and to nothing else. */
    @Test
    void theSessionCookieReachesOnlyGraphServicesAuthRoutes() throws Exception {
        redis.opsForValue().set(SessionKeys.valkeyKey("cookie-session"), "42", Duration.ofMinutes(5));
        Map<String, String> cookie = Map.of("Cookie", "session=cookie-session; theme=dark");
        for (String path : List.of("/api/tweets/1", "/api/timeline/home", "/api/trends", "/api/notifications", "/api/users/1")) {
            client.call("GET", path, null, null, cookie);
        }
        assertThat(RECEIVED).hasSize(5).allSatisfy(h -> {
            assertThat(h).doesNotContainKey("cookie");
            assertThat(h).containsEntry("x-user-id", "42");
        });
        RECEIVED.clear();
        client.call("POST", "/api/auth/logout", "{}", null, cookie);
        assertThat(RECEIVED).singleElement().satisfies(h -> assertThat(h.get("cookie")).contains("session=cookie-session"));
    }

    @Test
    void aSessionValkeyHasNoCopyOfIsTakenFromGraphService() throws Exception {
        // made while Valkey was down, or Valkey lost it: graph-service's record still holds it
        client.call("POST", "/api/tweets", "{}", null, Map.of("Cookie", "session=only-in-postgres"));
        assertThat(RECEIVED).singleElement().satisfies(h -> {
            assertThat(h).containsEntry("x-user-id", "44");
            assertThat(new IdentitySigner(SECRET).verify(h.get("x-user-id"), h.get("x-user-signature"), "POST", "/api/tweets", "tweet-service"))
                    .hasValue(44);
        });
    }

    @Test
    void writesWithoutASessionAreRefusedBeforeReachingAService() throws Exception {
        Response refused = client.call("POST", "/api/tweets", "{}", null, Map.of("Cookie", "session=unknown"));
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(client.call("GET", "/api/timeline/home", null, null, Map.of()).status()).isEqualTo(401);
        assertThat(RECEIVED).isEmpty();
        assertThat(client.call("POST", "/api/auth/login", "{}", null, Map.of()).status()).isEqualTo(200);
        assertThat(RECEIVED).hasSize(1);
    }

    /** The Lab page's endpoints: signed-in users only, served by timeline-service, on a rate limit of their own (it polls). */
    @Test
    void theLabEndpointsNeedASessionReachTimelineServiceAndHaveTheirOwnBudget() throws Exception {
        assertThat(client.call("GET", "/api/lab/internals", null, null, Map.of()).status()).isEqualTo(401);
        assertThat(RECEIVED).isEmpty();
        redis.opsForValue().set(SessionKeys.valkeyKey("lab-session"), "48", Duration.ofMinutes(5));
        Map<String, String> cookie = Map.of("Cookie", "session=lab-session");
        Response lab = client.call("GET", "/api/lab/journey/123", null, null, cookie);
        assertThat(lab.status()).isEqualTo(200);
        assertThat(RECEIVED).singleElement().satisfies(h -> assertThat(new IdentitySigner(SECRET)
                .verify(h.get("x-user-id"), h.get("x-user-signature"), "GET", "/api/lab/journey/123", "timeline-service")).hasValue(48));
        assertThat(lab.header("X-RateLimit-Burst-Capacity")).as("600 per 5 minutes").isEqualTo("600");
        Response home = client.call("GET", "/api/timeline/home", null, null, cookie);
        assertThat(home.header("X-RateLimit-Burst-Capacity")).as("the shared budget").isEqualTo("300");
    }

    @Test
    void theViteDevServerMayCallTheApiWithCredentials() throws Exception {
        Response preflight = client.call("OPTIONS", "/api/auth/login", null, null, Map.of(
                "Origin", "http://localhost:5173",
                "Access-Control-Request-Method", "POST",
                "Access-Control-Request-Headers", "content-type"));
        assertThat(preflight.status()).isEqualTo(200);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).hasValue("http://localhost:5173");
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Credentials")).hasValue("true");
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods")).hasValueSatisfying(m -> assertThat(m).contains("POST"));
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers")).hasValueSatisfying(h -> assertThat(h.toLowerCase()).contains("content-type"));

        Response read = client.call("GET", "/api/tweets/1", null, null, Map.of("Origin", "http://localhost:5173"));
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.headers().firstValue("Access-Control-Allow-Origin")).hasValue("http://localhost:5173");
        assertThat(read.headers().firstValue("Access-Control-Allow-Credentials")).hasValue("true");
        assertThat(read.headers().firstValue("Access-Control-Expose-Headers")).hasValueSatisfying(h -> assertThat(h).contains("Retry-After"));
        // the preflight itself never reaches a service
        assertThat(RECEIVED).hasSize(1);
    }

    @Test
    void otherOriginsAreRefused() throws Exception {
        Response preflight = client.call("OPTIONS", "/api/tweets", null, null, Map.of(
                "Origin", "https://evil.example",
                "Access-Control-Request-Method", "POST"));
        assertThat(preflight.status()).isEqualTo(403);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();

        Response read = client.call("GET", "/api/tweets/1", null, null, Map.of("Origin", "https://evil.example"));
        assertThat(read.status()).isEqualTo(403);
        assertThat(RECEIVED).isEmpty();
    }

    @Test
    void bodiesOverTheLimitAreRefusedBeforeTheyAreRead() throws Exception {
        redis.opsForValue().set(SessionKeys.valkeyKey("uploader"), "43", Duration.ofMinutes(5));
        String big = "x".repeat(300 * 1024);
        Response declared = client.send(client.request("POST", "/api/media", null, HttpRequest.BodyPublishers.ofString(big))
                .header("Cookie", "session=uploader").header("Content-Type", "application/octet-stream")
                .expectContinue(true));
        assertThat(declared.status()).isEqualTo(413);
        assertThat(declared.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(JSON.readTree(declared.text()).path("type").asString()).isEqualTo("https://twitter-like.dev/problems/too-large");

        // without a Content-Length (chunked), counted as it arrives
        Response chunked = client.send(client.request("POST", "/api/media", null,
                        HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(big.getBytes(StandardCharsets.UTF_8))))
                .header("Cookie", "session=uploader").header("Content-Type", "application/octet-stream"));
        assertThat(chunked.status()).isEqualTo(413);
        assertThat(RECEIVED).isEmpty();

        Response small = client.send(client.request("POST", "/api/media", null,
                        HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(new byte[100 * 1024])))
                .header("Cookie", "session=uploader").header("Content-Type", "application/octet-stream"));
        assertThat(small.status()).isEqualTo(200);
        assertThat(RECEIVED).hasSize(1);
    }

    /** Only uploads may be large: 100 KB is an upload's size, and far more than any JSON body needs (64 KB). */
    @Test
    void jsonRoutesTakeAtMost64Kilobytes() throws Exception {
        redis.opsForValue().set(SessionKeys.valkeyKey("poster"), "45", Duration.ofMinutes(5));
        for (String path : List.of("/api/tweets", "/api/users/2/follow", "/api/auth/login", "/api/notifications/read")) {
            Response refused = client.call("POST", path, "{\"content\":\"" + "x".repeat(100 * 1024) + "\"}", null,
                    Map.of("Cookie", "session=poster"));
            assertThat(refused.status()).as(path).isEqualTo(413);
        }
        assertThat(RECEIVED).isEmpty();
        Response fits = client.call("POST", "/api/tweets", "{\"content\":\"" + "x".repeat(60 * 1024) + "\"}", null,
                Map.of("Cookie", "session=poster"));
        assertThat(fits.status()).isEqualTo(200);
    }

    /** Operations endpoints answer on the management port (loopback) only, never on the public one. */
    @Test
    void metricsAndHealthDetailsAreOnlyOnTheManagementPort() throws Exception {
        client.call("GET", "/live", null, null, Map.of());
        client.call("GET", "/api/tweets/1", null, null, Map.of());
        for (String path : List.of("/actuator/prometheus", "/actuator/health", "/actuator/metrics", "/health")) {
            Response publicly = client.call("GET", path, null, null, Map.of());
            assertThat(publicly.status()).as(path).isEqualTo(404);
            assertThat(publicly.text()).as(path).doesNotContain("redis").doesNotContain("jvm_");
        }
        Response metrics = management("/actuator/prometheus");
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.text()).contains("jvm_memory_used_bytes").contains("http_server_requests_seconds")
                .contains("application=\"gateway\"")
                .containsPattern("resilience4j_circuitbreaker_state\\{[^}]*name=\"tweet-service\"")
                // what /ready says, for the alert rules (observability/rules.yml: ServiceNotReady)
                .containsPattern("(?m)^twitter_ready\\{[^}]*application=\"gateway\"[^}]*\\} 1\\.0$");
        // and where the instances are, for deploys (scripts/deploy.sh)
        assertThat(management("/instances").status()).isEqualTo(200);
        assertThat(client.call("GET", "/instances", null, null, Map.of()).text()).doesNotContain("settled");
        Response health = management("/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(JSON.readTree(health.text()).path("services").path("redis").path("status").asString()).isEqualTo("ok");
    }

    private Response management(String path) {
        return new ServiceClient(managementPort, "gateway").get(path, null);
    }
}
