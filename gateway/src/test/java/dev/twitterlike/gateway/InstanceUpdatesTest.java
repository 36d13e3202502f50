package dev.twitterlike.gateway;

import dev.twitterlike.devstack.Infra;
import dev.twitterlike.devstack.ServiceClient;
import dev.twitterlike.devstack.ServiceClient.Response;
import dev.twitterlike.devstack.UseDevStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A service's instances and weights set while the gateway runs ({@code PUT /instances/<service>}
 * on the management port, as scripts/deploy.sh does): a canary weighted 20 against 80 gets a
 * fifth of the requests, a list without the old instance sends it none, and the public port
 * knows nothing of it.
 */
@UseDevStack(Infra.REDIS)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.cloud.loadbalancer.health-check.interval=200ms")
@DirtiesContext
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InstanceUpdatesTest {

    private static final TestBackend BLUE = TestBackend.start();
    private static final TestBackend GREEN = TestBackend.start();

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @DynamicPropertySource
    static void oneInstanceEach(DynamicPropertyRegistry registry) {
        TestBackend.serveEveryService(registry, BLUE);
        registry.add("RATE_LIMITS", () -> "off");
    }

    @AfterAll
    static void stopBackends() {
        BLUE.close();
        GREEN.close();
    }

    @Test
    @Order(1)
    void theConfiguredInstancesAreListedWithTheirShares() {
        Response all = management().get("/instances", null);
        assertThat(all.status()).isEqualTo(200);
        assertThat(all.body().propertyNames()).contains("graph-service", "tweet-service", "timeline-service",
                "trend-service", "notification-service");
        await().atMost(Duration.ofSeconds(10)).until(() -> management().get("/instances/trend-service", null).body()
                .get("settled").asBoolean());
        Response trends = management().get("/instances/trend-service", null);
        assertThat(trends.body().get("instances")).hasSize(1);
        assertThat(trends.body().get("instances").get(0).get("url").asString()).isEqualTo(BLUE.url());
        assertThat(trends.body().get("instances").get(0).get("weight").asInt()).isEqualTo(1);
        assertThat(trends.body().get("instances").get(0).get("share").asDouble()).isEqualTo(1.0);
    }

    @Test
    @Order(2)
    void aCanaryWeightedTwentyGetsAFifthOfTheRequests() throws Exception {
        Response set = put("trend-service", "{\"instances\":[{\"url\":\"" + BLUE.url() + "\",\"weight\":80},"
                + "{\"url\":\"" + GREEN.url() + "\",\"weight\":20}]}");
        assertThat(set.status()).as(set.text()).isEqualTo(200);
        awaitSettled("trend-service");
        Response view = management().get("/instances/trend-service", null);
        assertThat(view.body().get("instances").get(1).get("share").asDouble()).isEqualTo(0.2);

        long blueBefore = count(BLUE), greenBefore = count(GREEN);
        for (int i = 0; i < 100; i++) {
            assertThat(gateway().get("/api/trends", null).status()).isEqualTo(200);
        }
        assertThat(count(GREEN) - greenBefore).isBetween(15L, 25L);
        assertThat(count(BLUE) - blueBefore).isBetween(75L, 85L);
    }

    @Test
    @Order(3)
    void aListWithoutTheOldInstanceSendsItNothing() throws Exception {
        assertThat(put("trend-service", "{\"instances\":[{\"url\":\"" + GREEN.url() + "\"}]}").status()).isEqualTo(200);
        awaitSettled("trend-service");
        long blueBefore = count(BLUE);
        for (int i = 0; i < 30; i++) {
            assertThat(gateway().get("/api/trends", null).status()).isEqualTo(200);
        }
        assertThat(count(BLUE)).isEqualTo(blueBefore);
        // the other services were not touched
        assertThat(management().get("/instances/timeline-service", null).body().get("instances").get(0).get("url").asString())
                .isEqualTo(BLUE.url());
    }

    @Test
    @Order(4)
    void aListThatCannotServeIsRefused() throws Exception {
        assertThat(put("trend-service", "{\"instances\":[]}").status()).isEqualTo(400);
        assertThat(put("trend-service", "{\"instances\":[{\"url\":\"not a url\"}]}").status()).isEqualTo(400);
        assertThat(put("trend-service", "{\"instances\":[{\"url\":\"" + GREEN.url() + "\",\"weight\":0}]}").status()).isEqualTo(400);
        assertThat(put("trend-service", "{\"instances\":[{\"url\":\"" + GREEN.url() + "\"},{\"url\":\"" + GREEN.url() + "\"}]}").status())
                .isEqualTo(400);
        assertThat(put("no-such-service", "{\"instances\":[{\"url\":\"" + GREEN.url() + "\"}]}").status()).isEqualTo(404);
        // the list in force is still the last good one
        assertThat(management().get("/instances/trend-service", null).body().get("instances")).hasSize(1);
    }

    @Test
    @Order(5)
    void thePublicPortHasNoInstanceEndpoint() {
        Response response = gateway().call("PUT", "/instances/trend-service", "{\"instances\":[{\"url\":\"" + BLUE.url() + "\"}]}", null);
        assertThat(response.status()).isNotEqualTo(200);
        assertThat(management().get("/instances/trend-service", null).body().get("instances").get(0).get("url").asString())
                .isEqualTo(GREEN.url());
    }

    private void awaitSettled(String service) {
        await().atMost(Duration.ofSeconds(10)).until(() -> management().get("/instances/" + service, null).body()
                .get("settled").asBoolean());
    }

    private Response put(String service, String body) {
        return management().call("PUT", "/instances/" + service, body, null, Map.of());
    }

    private ServiceClient management() {
        return new ServiceClient(managementPort, "gateway");
    }

    private ServiceClient gateway() {
        return new ServiceClient(port, "gateway");
    }

    private static long count(TestBackend backend) {
        return backend.received().stream().filter(h -> "/api/trends".equals(h.get(":path"))).count();
    }
}
