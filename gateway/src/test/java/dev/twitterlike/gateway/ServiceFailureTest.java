package dev.twitterlike.gateway;

import dev.twitterlike.devstack.ServiceClient;
import dev.twitterlike.devstack.ServiceClient.Response;
import dev.twitterlike.common.web.SessionKeys;
import dev.twitterlike.devstack.Infra;
import dev.twitterlike.devstack.UseDevStack;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
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

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Services that are down, slow or failing, and one that streams: trend-service points at a port
 * nobody listens on, the others at a real backend. The breakers' time limit is 1 s here (10 s in
 * production) and they open after 4 calls, so that the failures show quickly.
 */
@UseDevStack(Infra.REDIS)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "resilience4j.timelimiter.configs.default.timeout-duration=1s",
        "resilience4j.circuitbreaker.configs.default.sliding-window-size=4",
        "resilience4j.circuitbreaker.configs.default.minimum-number-of-calls=4",
        "resilience4j.circuitbreaker.configs.default.wait-duration-in-open-state=1h"})
@DirtiesContext
class ServiceFailureTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TestBackend BACKEND = TestBackend.start();
    private static final int CLOSED_PORT = closedPort();

    /** Holds the slow endpoint's answer back until the test is over. */
    private final CountDownLatch slowAnswer = new CountDownLatch(1);

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

    @Autowired
    CircuitBreakerRegistry breakers;

    @DynamicPropertySource
    static void backends(DynamicPropertyRegistry registry) {
        for (String service : List.of("GRAPH", "TWEET", "TIMELINE", "NOTIFICATION")) {
            registry.add(service + "_SERVICE_URL", BACKEND::url);
        }
        registry.add("TREND_SERVICE_URL", () -> "http://127.0.0.1:" + CLOSED_PORT);
    }

    @AfterAll
    static void stopBackend() {
        BACKEND.close();
    }

    @BeforeEach
    void clear() {
        RateLimitBuckets.clear(redis);
        BACKEND.received().clear();
    }

    @AfterEach
    void releaseSlowAnswers() {
        slowAnswer.countDown();
    }

    @Test
    void aStoppedServiceIsA503ProblemAtOnce() throws Exception {
        long started = System.nanoTime();
        Response response = client.call("GET", "/api/trends", null, null, Map.of());
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
        assertUnavailable(response, "trend-service", "/api/trends");
    }

    @Test
    void aServiceThatDoesNotAnswerInTimeIsA503AfterTheTimeLimit() throws Exception {
        BACKEND.on("/api/tweets/slow", exchange -> {
            awaitQuietly(slowAnswer, 30_000);
            TestBackend.respond(exchange, 200, "application/json", "{}");
        });
        long started = System.nanoTime();
        Response response = client.call("GET", "/api/tweets/slow", null, null, Map.of());
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertUnavailable(response, "tweet-service", "/api/tweets/slow");
        assertThat(took).isBetween(Duration.ofMillis(900), Duration.ofSeconds(5));
    }

    /**
     * Only unavailability (502/503/504, refused connections, the time limit) counts against a
     * service. A 4xx is the client's mistake, and a 500 is one request's bug: neither may open
     * the breaker that every other user's requests pass through.
     */
    @Test
    void onlyUnavailabilityCountsAgainstTheServiceNotClientErrorsOrA500() throws Exception {
        BACKEND.on("/api/users/broken", exchange -> TestBackend.respond(exchange, 500, "application/problem+json",
                "{\"status\":500,\"title\":\"Internal Server Error\"}"));
        BACKEND.on("/api/users/missing", exchange -> TestBackend.respond(exchange, 404, "application/problem+json",
                "{\"status\":404,\"title\":\"Not Found\",\"detail\":\"no such user\"}"));
        BACKEND.on("/api/users/overloaded", exchange -> TestBackend.respond(exchange, 503, "application/problem+json",
                "{\"status\":503,\"title\":\"Service Unavailable\"}"));
        CircuitBreaker graph = breakers.circuitBreaker("graph-service");
        java.util.concurrent.atomic.AtomicInteger failed = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger succeeded = new java.util.concurrent.atomic.AtomicInteger();
        graph.getEventPublisher().onError(e -> failed.incrementAndGet()).onSuccess(e -> succeeded.incrementAndGet());

        assertUnavailable(client.call("GET", "/api/users/overloaded", null, null, Map.of()), "graph-service", "/api/users/overloaded");
        for (int i = 0; i < 3; i++) {
            Response missing = client.call("GET", "/api/users/missing", null, null, Map.of());
            assertThat(missing.status()).isEqualTo(404);
            assertThat(JSON.readTree(missing.text()).path("detail").asString()).isEqualTo("no such user");
            assertThat(client.call("GET", "/api/users/broken", null, null, Map.of()).status()).isEqualTo(500);
        }

        assertThat(failed).hasValue(1);
        assertThat(succeeded).hasValue(6);
        assertThat(graph.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void repeatedFailuresOpenTheBreakerAndTheServiceIsSparedFurtherCalls() throws Exception {
        BACKEND.on("/api/timeline/user/", exchange -> TestBackend.respond(exchange, 503, "application/json", "{}"));
        for (int i = 0; i < 4; i++) {
            assertUnavailable(client.call("GET", "/api/timeline/user/" + i, null, null, Map.of()), "timeline-service", "/api/timeline/user/" + i);
        }
        assertThat(breakers.circuitBreaker("timeline-service").getState()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(BACKEND.received()).hasSize(4);

        assertUnavailable(client.call("GET", "/api/timeline/user/9", null, null, Map.of()), "timeline-service", "/api/timeline/user/9");
        assertThat(BACKEND.received()).hasSize(4);
    }

    /**
     * An event stream whose service takes longer than the breakers' time limit to start and then
     * pauses between events: it is not cut off, and each event reaches the client as it is
     * written, not when the stream ends.
     */
    @Test
    void serverSentEventsStreamEventByEventWithoutTheTimeLimit() throws Exception {
        CountDownLatch clientSawFirstEvent = new CountDownLatch(1);
        AtomicBoolean streamFinished = new AtomicBoolean();
        BACKEND.on("/api/notifications/stream", exchange -> {
            awaitQuietly(new CountDownLatch(1), 1500); // a slow start, past the 1 s time limit
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            OutputStream body = exchange.getResponseBody();
            body.write("id: 1\nevent: notification\ndata: {\"n\":1}\n\n".getBytes(StandardCharsets.UTF_8));
            body.flush();
            awaitQuietly(clientSawFirstEvent, 10_000);
            body.write("id: 2\nevent: notification\ndata: {\"n\":2}\n\n".getBytes(StandardCharsets.UTF_8));
            streamFinished.set(true);
            exchange.close();
        });
        redis.opsForValue().set(SessionKeys.valkeyKey("listener"), "77", Duration.ofMinutes(5));
        List<String> lines = new CopyOnWriteArrayList<>();
        AtomicBoolean finishedWhenFirstArrived = new AtomicBoolean(true);

        HttpResponse<java.util.stream.Stream<String>> response = client.send(
                client.request("GET", "/api/notifications/stream", null, HttpRequest.BodyPublishers.noBody())
                        .header("Cookie", "session=listener").header("Accept", "text/event-stream"),
                HttpResponse.BodyHandlers.ofLines());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
        CompletableFuture<Void> reading = CompletableFuture.runAsync(() -> response.body().forEach(line -> {
            if (line.equals("data: {\"n\":1}")) {
                finishedWhenFirstArrived.set(streamFinished.get());
                clientSawFirstEvent.countDown();
            }
            lines.add(line);
        }));

        await().atMost(Duration.ofSeconds(10)).until(() -> lines.contains("data: {\"n\":1}"));
        assertThat(finishedWhenFirstArrived).as("the stream had ended when its first event arrived").isFalse();
        reading.get(10, TimeUnit.SECONDS);
        assertThat(lines).containsSubsequence("id: 1", "data: {\"n\":1}", "id: 2", "data: {\"n\":2}");
    }

    private static void assertUnavailable(Response response, String service, String path) {
        assertThat(response.status()).as(path).isEqualTo(503);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        JsonNode problem = JSON.readTree(response.text());
        assertThat(problem.path("type").asString()).isEqualTo("https://twitter-like.dev/problems/unavailable");
        assertThat(problem.path("status").asInt()).isEqualTo(503);
        assertThat(problem.path("detail").asString()).isEqualTo(service + " is unavailable; try again shortly");
        assertThat(problem.path("instance").asString()).isEqualTo(path);
        assertThat(problem.path("service").asString()).isEqualTo(service);
    }

    private static void awaitQuietly(CountDownLatch latch, long millis) {
        try {
            latch.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
