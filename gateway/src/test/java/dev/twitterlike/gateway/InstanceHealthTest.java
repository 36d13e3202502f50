package dev.twitterlike.gateway;

import dev.twitterlike.devstack.ServiceClient;
import dev.twitterlike.devstack.Infra;
import dev.twitterlike.devstack.UseDevStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The load balancer asks each instance's {@code /ready} (every 200 ms here, 2 s in production):
 * an instance that answers 503 stops getting requests, and gets them again once it is ready.
 */
@UseDevStack(Infra.REDIS)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.cloud.loadbalancer.health-check.interval=200ms")
@DirtiesContext
class InstanceHealthTest {

    private static final TestBackend FIRST = TestBackend.start();
    private static final TestBackend SECOND = TestBackend.start();
    private static final AtomicBoolean SECOND_READY = new AtomicBoolean(true);

    static {
        SECOND.on("/ready", exchange -> TestBackend.respond(exchange, SECOND_READY.get() ? 200 : 503,
                "application/json", "{}"));
    }

    @LocalServerPort
    int port;

    /** Requests as a browser or a script sends them. */
    private ServiceClient client;

    @BeforeEach
    void newClient() {
        client = new ServiceClient(port, "gateway");
    }

    @DynamicPropertySource
    static void twoInstancesEach(DynamicPropertyRegistry registry) {
        TestBackend.serveEveryService(registry, FIRST, SECOND);
        registry.add("RATE_LIMITS", () -> "off");
    }

    @AfterAll
    static void stopBackends() {
        FIRST.close();
        SECOND.close();
    }

    @Test
    void anInstanceWhoseReadyFailsLeavesTheRotationUntilItIsReadyAgain() throws Exception {
        await().atMost(Duration.ofSeconds(10)).until(() -> reachedSecond(client, 6));

        SECOND_READY.set(false);
        await().atMost(Duration.ofSeconds(10)).until(() -> !reachedSecond(client, 6));
        for (int round = 0; round < 3; round++) {
            assertThat(reachedSecond(client, 10)).as("a request reached the instance that is not ready").isFalse();
        }

        SECOND_READY.set(true);
        await().atMost(Duration.ofSeconds(10)).until(() -> reachedSecond(client, 6));
    }

    /** Sends {@code requests} reads; whether any of them reached the second instance. */
    private static boolean reachedSecond(ServiceClient client, int requests) throws Exception {
        long before = count(SECOND);
        for (int i = 0; i < requests; i++) {
            assertThat(client.call("GET", "/api/trends", null, null, Map.of()).status()).isEqualTo(200);
        }
        return count(SECOND) > before;
    }

    private static long count(TestBackend backend) {
        return backend.received().stream().filter(h -> "/api/trends".equals(h.get(":path"))).count();
    }
}
