package dev.twitterlike.graph;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class SessionTest extends GraphIntegrationTest {

    @Autowired
    StringRedisTemplate redis;

    @Test
    void aSessionIsStoredInValkeyForSevenDays() {
        String name = uniqueName("sess");
        Response registered = call("POST", "/api/auth/register", Map.of("username", name, "password", "correct horse"), null);
        String session = registered.sessionId();
        assertThat(redis.opsForValue().get("session:" + session)).isEqualTo(registered.body().path("id").asString());
        Long ttl = redis.getExpire("session:" + session, TimeUnit.SECONDS);
        assertThat(ttl).isBetween(Duration.ofDays(7).minusMinutes(1).toSeconds(), Duration.ofDays(7).toSeconds());
        assertThat(registered.cookie()).contains("Max-Age=604800");
    }

    @Test
    void everyLoginGetsANewSessionAndRetiresTheOneItCameWith() {
        String name = uniqueName("rot");
        String first = call("POST", "/api/auth/register", Map.of("username", name, "password", "correct horse"), null).sessionId();
        Response login = call("POST", "/api/auth/login", Map.of("username", name.toUpperCase(), "password", "correct horse"), null,
                Map.of("Cookie", "session=" + first));
        assertThat(login.status()).isEqualTo(200);
        String second = login.sessionId();
        assertThat(second).isNotEqualTo(first);
        assertThat(redis.hasKey("session:" + first)).isFalse();
        assertThat(redis.hasKey("session:" + second)).isTrue();
    }

    @Test
    void logoutDeletesTheSessionAndClearsTheCookie() {
        String name = uniqueName("out");
        String session = call("POST", "/api/auth/register", Map.of("username", name, "password", "correct horse"), null).sessionId();
        Response out = call("POST", "/api/auth/logout", null, null, Map.of("Cookie", "session=" + session));
        assertThat(out.status()).isEqualTo(204);
        assertThat(out.cookie()).startsWith("session=;").contains("Max-Age=0");
        assertThat(redis.hasKey("session:" + session)).isFalse();
    }

    @Test
    void wrongUsernameAndWrongPasswordLookTheSame() {
        String name = uniqueName("pw");
        register(name);
        Response wrongPassword = call("POST", "/api/auth/login", Map.of("username", name, "password", "not the password"), null);
        Response wrongUser = call("POST", "/api/auth/login", Map.of("username", "nobody_" + name.substring(0, 5), "password", "not the password"), null);
        assertThat(wrongPassword.status()).isEqualTo(401);
        assertThat(wrongUser.status()).isEqualTo(401);
        assertThat(wrongUser.body().path("detail")).isEqualTo(wrongPassword.body().path("detail"));
        assertThat(wrongUser.body().path("type")).isEqualTo(wrongPassword.body().path("type"));
        assertThat(wrongPassword.cookie()).isEmpty();
    }

    @Test
    void meNeedsAGenuineIdentity() {
        long id = register(uniqueName("me"));
        Response me = call("GET", "/api/auth/me", null, id);
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.body().path("id").asString()).isEqualTo(Long.toString(id));
        assertThat(call("GET", "/api/auth/me", null, null).status()).isEqualTo(401);
    }

    @Test
    void aRequestStraightToTheServiceCannotClaimAUser() {
        long victim = register(uniqueName("vic"));
        long other = register(uniqueName("oth"));
        Map<String, String> forged = Map.of("X-User-Id", Long.toString(victim), "X-User-Signature", "1700000000.forged");
        assertThat(call("PATCH", "/api/users/me", Map.of("bio", "pwned"), null, forged).status()).isEqualTo(401);
        assertThat(call("POST", "/api/users/" + other + "/follow", null, null, Map.of("X-User-Id", Long.toString(victim))).status())
                .isEqualTo(401);
        assertThat(jdbc.sql("SELECT bio FROM graph.users WHERE id = ?").param(victim).query(String.class).single()).isEmpty();
        assertThat(jdbc.sql("SELECT count(*) FROM graph.follows WHERE follower_id = ?").param(victim).query(Integer.class).single()).isZero();
    }
}
