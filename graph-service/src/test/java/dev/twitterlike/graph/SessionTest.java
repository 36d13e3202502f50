package dev.twitterlike.graph;

import dev.twitterlike.devstack.ServiceClient.Response;
import dev.twitterlike.common.web.SessionKeys;
import dev.twitterlike.devstack.DevStack;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class SessionTest extends GraphIntegrationTest {

    @Autowired
    StringRedisTemplate redis;

    @Test
    void aSessionIsRecordedInPostgresAndCopiedToValkeyForSevenDaysUnderItsHashOnly() {
        String name = uniqueName("sess");
        Response registered = client.call("POST", "/api/auth/register", Map.of("username", name, "password", "correct horse"), null);
        String session = registered.cookie("session");
        String userId = registered.body().path("id").asString();
        assertThat(redis.opsForValue().get(SessionKeys.valkeyKey(session))).isEqualTo(userId);
        assertThat(redis.hasKey("session:" + session)).isFalse();
        Long ttl = redis.getExpire(SessionKeys.valkeyKey(session), TimeUnit.SECONDS);
        assertThat(ttl).isBetween(Duration.ofDays(7).minusMinutes(1).toSeconds(), Duration.ofDays(7).toSeconds());
        assertThat(registered.header("Set-Cookie")).contains("Max-Age=604800");
        assertThat(jdbc.sql("SELECT user_id FROM graph.sessions WHERE token_hash = ? AND expires_at > now() + interval '6 days 23 hours'")
                .param(SessionKeys.hash(session)).query(Long.class).list()).containsExactly(Long.parseLong(userId));
    }

    @Test
    void theGatewaysLookupFindsTheSessionInPostgresAndPutsValkeysCopyBack() {
        String name = uniqueName("look");
        Response registered = client.call("POST", "/api/auth/register", Map.of("username", name, "password", "correct horse"), null);
        String session = registered.cookie("session");
        redis.delete(SessionKeys.valkeyKey(session)); // Valkey lost it
        Response found = client.call("GET", "/internal/sessions/" + SessionKeys.encode(SessionKeys.hash(session)), null, null);
        assertThat(found.status()).isEqualTo(200);
        assertThat(found.body().path("userId").asString()).isEqualTo(registered.body().path("id").asString());
        assertThat(redis.opsForValue().get(SessionKeys.valkeyKey(session))).isEqualTo(registered.body().path("id").asString());
        assertThat(client.call("GET", "/internal/sessions/" + SessionKeys.encode(SessionKeys.hash("never-issued")), null, null).status()).isEqualTo(404);
        assertThat(client.call("GET", "/internal/sessions/not-a-hash", null, null).status()).isEqualTo(400);
        assertThat(client.call("GET", "/internal/sessions/" + "%21".repeat(43), null, null).status()).isEqualTo(400);
    }

    @Test
    void signingInAndOutWorkWhileValkeyIsDownAndValkeyCatchesUpOnItsReturn() {
        String name = uniqueName("vdown");
        String before = client.call("POST", "/api/auth/register", Map.of("username", name, "password", "correct horse"), null).cookie("session");
        String[] during = new String[1];
        DevStack.get().restartRedis(() -> {
            Response login = client.call("POST", "/api/auth/login", Map.of("username", name, "password", "correct horse"), null);
            assertThat(login.status()).isEqualTo(200);
            during[0] = login.cookie("session");
            assertThat(client.call("POST", "/api/auth/logout", null, null, Map.of("Cookie", "session=" + before)).status()).isEqualTo(204);
        });
        // the restarted Valkey is empty; say it had kept the ended session's copy (a Valkey that
        // was only unreachable does): the queued eviction removes it
        // (commands fail at once until the client has reconnected, within 2 s)
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().untilAsserted(() ->
                redis.opsForValue().set(SessionKeys.valkeyKey(before), "1", Duration.ofMinutes(5)));
        await().atMost(Duration.ofSeconds(10)).until(() -> !redis.hasKey(SessionKeys.valkeyKey(before)));
        assertThat(client.call("GET", "/internal/sessions/" + SessionKeys.encode(SessionKeys.hash(before)), null, null).status()).isEqualTo(404);
        // the session made while Valkey was down is in PostgreSQL, and gets its copy on first lookup
        assertThat(client.call("GET", "/internal/sessions/" + SessionKeys.encode(SessionKeys.hash(during[0])), null, null).status()).isEqualTo(200);
        assertThat(redis.hasKey(SessionKeys.valkeyKey(during[0]))).isTrue();
    }

    @Test
    void everyLoginGetsANewSessionAndRetiresTheOneItCameWith() {
        String name = uniqueName("rot");
        String first = client.call("POST", "/api/auth/register", Map.of("username", name, "password", "correct horse"), null).cookie("session");
        Response login = client.call("POST", "/api/auth/login", Map.of("username", name.toUpperCase(), "password", "correct horse"), null,
                Map.of("Cookie", "session=" + first));
        assertThat(login.status()).isEqualTo(200);
        String second = login.cookie("session");
        assertThat(second).isNotEqualTo(first);
        assertThat(redis.hasKey(SessionKeys.valkeyKey(first))).isFalse();
        assertThat(redis.hasKey(SessionKeys.valkeyKey(second))).isTrue();
    }

    @Test
    void logoutDeletesTheSessionAndClearsTheCookie() {
        String name = uniqueName("out");
        String session = client.call("POST", "/api/auth/register", Map.of("username", name, "password", "correct horse"), null).cookie("session");
        Response out = client.call("POST", "/api/auth/logout", null, null, Map.of("Cookie", "session=" + session));
        assertThat(out.status()).isEqualTo(204);
        assertThat(out.header("Set-Cookie")).startsWith("session=;").contains("Max-Age=0");
        assertThat(redis.hasKey(SessionKeys.valkeyKey(session))).isFalse();
        assertThat(jdbc.sql("SELECT count(*) FROM graph.sessions WHERE token_hash = ?").param(SessionKeys.hash(session)).query(Long.class).single()).isZero();
    }

    /** The services holding live streams read it and end the user's streams (HomeStreamTest, NotificationStreamTest). */
    @Test
    void signingOutAndRetiringASessionAnnounceSessionEndedThroughTheOutbox() {
        String name = uniqueName("end");
        Response registered = client.call("POST", "/api/auth/register", Map.of("username", name, "password", "correct horse"), null);
        String userId = registered.body().path("id").asString();
        assertThat(sessionEnded(userId)).isZero();
        Response login = client.call("POST", "/api/auth/login", Map.of("username", name, "password", "correct horse"), null,
                Map.of("Cookie", "session=" + registered.cookie("session")));
        assertThat(sessionEnded(userId)).as("the session the sign-in retired").isEqualTo(1);
        assertThat(client.call("POST", "/api/auth/logout", null, null, Map.of("Cookie", "session=" + login.cookie("session"))).status()).isEqualTo(204);
        assertThat(sessionEnded(userId)).isEqualTo(2);
        String payload = jdbc.sql("SELECT payload::text FROM graph.outbox WHERE topic = 'session.ended' AND event_key = ? ORDER BY id DESC LIMIT 1")
                .param(userId).query(String.class).single();
        assertThat(payload).contains("\"type\": \"session.ended\"", "\"userId\": " + userId);

        // signing out without a session (or with an unknown one) ends nothing and announces nothing
        assertThat(client.call("POST", "/api/auth/logout", null, null, Map.of("Cookie", "session=" + login.cookie("session"))).status()).isEqualTo(204);
        assertThat(client.call("POST", "/api/auth/logout", null, null).status()).isEqualTo(204);
        assertThat(sessionEnded(userId)).isEqualTo(2);
    }

    private long sessionEnded(String userId) {
        return jdbc.sql("SELECT count(*) FROM graph.outbox WHERE topic = 'session.ended' AND event_key = ?")
                .param(userId).query(Long.class).single();
    }

    @Test
    void wrongUsernameAndWrongPasswordLookTheSame() {
        String name = uniqueName("pw");
        register(name);
        Response wrongPassword = client.call("POST", "/api/auth/login", Map.of("username", name, "password", "not the password"), null);
        Response wrongUser = client.call("POST", "/api/auth/login", Map.of("username", "nobody_" + name.substring(0, 5), "password", "not the password"), null);
        assertThat(wrongPassword.status()).isEqualTo(401);
        assertThat(wrongUser.status()).isEqualTo(401);
        assertThat(wrongUser.body().path("detail")).isEqualTo(wrongPassword.body().path("detail"));
        assertThat(wrongUser.body().path("type")).isEqualTo(wrongPassword.body().path("type"));
        assertThat(wrongPassword.header("Set-Cookie")).isNull();
    }

    @Test
    void meNeedsAGenuineIdentity() {
        long id = register(uniqueName("me"));
        Response me = client.call("GET", "/api/auth/me", null, id);
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.body().path("id").asString()).isEqualTo(Long.toString(id));
        assertThat(client.call("GET", "/api/auth/me", null, null).status()).isEqualTo(401);
    }

    @Test
    void aRequestStraightToTheServiceCannotClaimAUser() {
        long victim = register(uniqueName("vic"));
        long other = register(uniqueName("oth"));
        Map<String, String> forged = Map.of("X-User-Id", Long.toString(victim), "X-User-Signature", "1700000000.forged");
        assertThat(client.call("PATCH", "/api/users/me", Map.of("bio", "pwned"), null, forged).status()).isEqualTo(401);
        assertThat(client.call("POST", "/api/users/" + other + "/follow", null, null, Map.of("X-User-Id", Long.toString(victim))).status())
                .isEqualTo(401);
        assertThat(jdbc.sql("SELECT bio FROM graph.users WHERE id = ?").param(victim).query(String.class).single()).isEmpty();
        assertThat(jdbc.sql("SELECT count(*) FROM graph.follows WHERE follower_id = ?").param(victim).query(Integer.class).single()).isZero();
    }
}
