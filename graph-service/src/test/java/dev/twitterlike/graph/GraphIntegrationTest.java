package dev.twitterlike.graph;

import dev.twitterlike.devstack.ServiceClient;
import dev.twitterlike.devstack.ServiceClient.Response;
import dev.twitterlike.devstack.UseDevStack;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

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
        properties = {"twitter.graph.celebrity-threshold=10", "twitter.graph.influencer-threshold=5"})
public abstract class GraphIntegrationTest {

    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final AtomicInteger NAMES = new AtomicInteger();

    @LocalServerPort
    int port;

    @Autowired
    protected JdbcClient jdbc;

    /** HTTP as the gateway sends it (signed for the acting user). */
    protected ServiceClient client;

    @BeforeEach
    void newClient() {
        client = new ServiceClient(port, "graph-service");
    }

    /** A unique valid username for this test run. */
    protected static String uniqueName(String prefix) {
        String suffix = Integer.toString(NAMES.incrementAndGet(), 36) + "_" + UUID.randomUUID().toString().substring(0, 3);
        return prefix.substring(0, Math.min(prefix.length(), 15 - suffix.length())) + suffix;
    }

    /** Registers through the API; returns the new user's id. */
    protected long register(String username) {
        Response created = client.call("POST", "/api/auth/register", Map.of("username", username, "password", "correct horse"), null);
        if (created.status() != 201) {
            throw new IllegalStateException("registration failed: " + created.text());
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
        return client.get("/api/users/" + id, null).body();
    }
}
