package dev.twitterlike.graph;

import dev.twitterlike.common.web.IdentitySigner;
import dev.twitterlike.devstack.UseDevStack;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Base of graph-service's integration tests: the real service on a random port against real
 * PostgreSQL, Redis and Kafka, called over HTTP the way the gateway calls it (with a signed
 * identity when a user is acting). The celebrity threshold is 10 here, so that hysteresis can
 * be shown with a handful of followers.
 */
@UseDevStack
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"twitter.graph.celebrity-threshold=10", "twitter.identity.secret=" + GraphIntegrationTest.SECRET})
public abstract class GraphIntegrationTest {

    static final String SECRET = "graph-test-secret-0123456789-0123456789";
    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final AtomicInteger NAMES = new AtomicInteger();

    @LocalServerPort
    int port;

    @Autowired
    protected JdbcClient jdbc;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final IdentitySigner signer = new IdentitySigner(SECRET);

    protected record Response(int status, JsonNode body, HttpResponse<String> raw) {
        String cookie() {
            return raw.headers().firstValue("Set-Cookie").orElse("");
        }

        String sessionId() {
            String cookie = cookie();
            return cookie.substring("session=".length(), cookie.indexOf(';'));
        }
    }

    /** A unique valid username for this test run. */
    protected static String uniqueName(String prefix) {
        String suffix = Integer.toString(NAMES.incrementAndGet(), 36) + "_" + UUID.randomUUID().toString().substring(0, 3);
        return prefix.substring(0, Math.min(prefix.length(), 15 - suffix.length())) + suffix;
    }

    protected Response call(String method, String path, Object body, Long actingUser, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body instanceof String s ? s : JSON.writeValueAsString(body)))
                .header("Content-Type", "application/json");
        if (actingUser != null) {
            request.header("X-User-Id", actingUser.toString())
                    .header("X-User-Signature", signer.sign(actingUser, method, URI.create(path).getRawPath(), "graph-service"));
        }
        headers.forEach(request::header);
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = response.body().isBlank() ? JSON.nullNode() : JSON.readTree(response.body());
            return new Response(response.statusCode(), json, response);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    protected Response call(String method, String path, Object body, Long actingUser) {
        return call(method, path, body, actingUser, Map.of());
    }

    /** Registers through the API; returns the new user's id. */
    protected long register(String username) {
        Response created = call("POST", "/api/auth/register", Map.of("username", username, "password", "correct horse"), null);
        if (created.status() != 201) {
            throw new IllegalStateException("registration failed: " + created.raw().body());
        }
        return Long.parseLong(created.body().path("id").asString());
    }

    /** Inserts users straight into the table (no BCrypt), for tests that need many of them. */
    protected List<Long> insertUsers(int count) {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long id = Math.abs(UUID.randomUUID().getMostSignificantBits() >>> 1);
            jdbc.sql("INSERT INTO graph.users (id, username, display_name, password_hash) VALUES (?, ?, ?, 'x')")
                    .params(id, uniqueName("u"), "Bulk user").update();
            ids.add(id);
        }
        return ids;
    }

    protected JsonNode user(long id) {
        return call("GET", "/api/users/" + id, null, null).body();
    }
}
