package dev.twitterlike.gateway;

import dev.twitterlike.devstack.ServiceClient;
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
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Served over HTTPS (SECURE_COOKIES=true), the session is read from __Host-session only. */
@UseDevStack(Infra.REDIS)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "twitter.gateway.secure-cookies=true")
class SecureCookieTest {

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
    static void properties(DynamicPropertyRegistry registry) {
        TestBackend.serveEveryService(registry, BACKEND);
    }

    @AfterAll
    static void stop() {
        BACKEND.close();
    }

    @Test
    void theSessionComesFromTheHostPrefixedCookieOnly() throws Exception {
        redis.opsForValue().set(SessionKeys.valkeyKey("secure-token"), "42", Duration.ofMinutes(5));
        assertThat(client.call("POST", "/api/tweets", "{}", null, Map.of("Cookie", "__Host-session=secure-token")).status()).isEqualTo(200);
        assertThat(BACKEND.received()).singleElement().satisfies(h -> assertThat(h).containsEntry("x-user-id", "42"));
        // a cookie without the prefix could have been planted by a sibling host or over plain HTTP
        assertThat(client.call("POST", "/api/tweets", "{}", null, Map.of("Cookie", "session=secure-token")).status()).isEqualTo(401);
    }
}
