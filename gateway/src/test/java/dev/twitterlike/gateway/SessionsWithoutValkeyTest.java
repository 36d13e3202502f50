package dev.twitterlike.gateway;

import dev.twitterlike.devstack.ServiceClient;
import dev.twitterlike.devstack.ServiceClient.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Valkey down (its port closed): signed-in users keep their sessions, which the gateway takes
 * from graph-service's record (here a backend standing in for it) and keeps for
 * {@code session-cache}; signing out reaches the gateway within that time.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "twitter.gateway.session-cache=2s")
@DirtiesContext
class SessionsWithoutValkeyTest {

    private static final TestBackend GRAPH = TestBackend.start();
    private static final TestBackend OTHERS = TestBackend.start();
    private static final int CLOSED_PORT = closedPort();

    @LocalServerPort
    int port;

    /** Requests as a browser or a script sends them. */
    private ServiceClient client;

    @BeforeEach
    void newClient() {
        client = new ServiceClient(port, "gateway");
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        // no devstack here (Valkey is meant to be away): the test secret the signing needs, as devstack gives it
        registry.add("INTERNAL_SECRET", dev.twitterlike.devstack.DevStackExtension::internalSecret);
        TestBackend.serveEveryService(registry, OTHERS);
        registry.add("GRAPH_SERVICE_URLS", GRAPH::url);
        registry.add("spring.data.redis.host", () -> "127.0.0.1");
        registry.add("spring.data.redis.port", () -> CLOSED_PORT);
    }

    @AfterAll
    static void stopBackends() {
        GRAPH.close();
        OTHERS.close();
    }

    @BeforeEach
    void forget() {
        OTHERS.received().clear();
    }

    @Test
    void aSignedInUserKeepsReadingAndPostingWhileValkeyIsDown() throws Exception {
        GRAPH.session("kept-session", 42L);
        assertThat(client.call("GET", "/api/timeline/home", null, null, Map.of("Cookie", "session=kept-session")).status()).isEqualTo(200);
        assertThat(client.call("POST", "/api/tweets", "{}", null, Map.of("Cookie", "session=kept-session")).status()).isEqualTo(200);
        assertThat(OTHERS.received()).hasSize(2).allSatisfy(h -> assertThat(h).containsEntry("x-user-id", "42"));
    }

    @Test
    void anUnknownSessionIsStillA401NotA503() throws Exception {
        Response refused = client.call("POST", "/api/tweets", "{}", null, Map.of("Cookie", "session=never-issued"));
        assertThat(refused.status()).isEqualTo(401);
        assertThat(OTHERS.received()).isEmpty();
    }

    @Test
    void graphServiceIsAskedOncePerSessionNotOncePerRequest() throws Exception {
        GRAPH.session("busy-session", 7L);
        int before = GRAPH.sessionLookups();
        for (int i = 0; i < 20; i++) {
            assertThat(client.call("GET", "/api/timeline/home", null, null, Map.of("Cookie", "session=busy-session")).status()).isEqualTo(200);
        }
        assertThat(GRAPH.sessionLookups() - before).isEqualTo(1);
    }

    @Test
    void signingOutReachesTheGatewayWithinTheSessionCacheTime() throws Exception {
        GRAPH.session("ending-session", 9L);
        assertThat(client.call("GET", "/api/timeline/home", null, null, Map.of("Cookie", "session=ending-session")).status()).isEqualTo(200);
        GRAPH.session("ending-session", null); // signed out: graph-service's row is gone
        long signedOut = System.nanoTime();
        await().atMost(java.time.Duration.ofSeconds(5)).until(() ->
                client.call("GET", "/api/timeline/home", null, null, Map.of("Cookie", "session=ending-session")).status() == 401);
        // the configured bound (2 s here), with a little room for the request itself
        assertThat((System.nanoTime() - signedOut) / 1_000_000).isLessThan(3_000);
    }

    @Test
    void signingOutThroughThisGatewayEndsTheSessionHereAtOnce() throws Exception {
        GRAPH.session("leaving-session", 11L);
        Map<String, String> cookie = Map.of("Cookie", "session=leaving-session");
        assertThat(client.call("GET", "/api/timeline/home", null, null, cookie).status()).isEqualTo(200);
        GRAPH.session("leaving-session", null); // what graph-service's sign-out does to its record
        assertThat(client.call("POST", "/api/auth/logout", "{}", null, cookie).status()).isEqualTo(200);
        assertThat(client.call("GET", "/api/timeline/home", null, null, cookie).status()).isEqualTo(401);
    }

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
