package dev.twitterlike.graph;

import dev.twitterlike.tweetviews.TweetCache;
import dev.twitterlike.tweetviews.TweetViews;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.twitterlike.devstack.ServiceClient.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

class RegistrationTest extends GraphIntegrationTest {

    @Autowired
    TweetViews tweetViews;
    @Autowired
    StringRedisTemplate redis;


    @ParameterizedTest(name = "{0}={1} is refused")
    @CsvSource(delimiter = '|', value = {
            "username|''",
            "username|sixteen_chars_xx",
            "username|bad name",
            "username|émile",
            "username|admin",
            "username|Settings",
            "username|Lab",
            "password|short",
            "password|éééééééééééééééééééééééééééééééééééééééé", // 40 characters, 80 bytes: over BCrypt's 72
            "displayName|" + "x51xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"})
    void eachRejectedFieldIsNamedInA400(String field, String value) {
        Map<String, String> body = new java.util.HashMap<>(Map.of("username", uniqueName("ok"), "password", "long enough pw"));
        body.put(field, value);
        Response response = client.call("POST", "/api/auth/register", body, null);
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(response.body().path("errors").has(field)).as(response.text()).isTrue();
        assertThat(jdbc.sql("SELECT count(*) FROM graph.users WHERE lower(username) = lower(?)")
                .param(body.get("username")).query(Integer.class).single()).isZero();
    }

    @Test
    void malformedJsonIsA400() {
        assertThat(client.call("POST", "/api/auth/register", "{\"username\": ", null).status()).isEqualTo(400);
    }

    @Test
    void registrationSignsInAndNeverReturnsThePassword() {
        String name = uniqueName("Reg");
        Response response = client.call("POST", "/api/auth/register", Map.of("username", name, "password", "correct horse", "displayName", "  Ada  "), null);
        assertThat(response.status()).isEqualTo(201);
        assertThat(response.headers().firstValue("Location")).hasValue("/api/users/" + response.body().path("id").asString());
        assertThat(response.body().path("username").asString()).isEqualTo(name);
        assertThat(response.body().path("displayName").asString()).isEqualTo("Ada");
        assertThat(response.body().path("id").isString()).isTrue();
        assertThat(response.text()).doesNotContainIgnoringCase("password").doesNotContain("correct horse");
        assertThat(response.header("Set-Cookie")).startsWith("session=").contains("HttpOnly").contains("SameSite=Lax").contains("Path=/");
        String hash = jdbc.sql("SELECT password_hash FROM graph.users WHERE username = ?").param(name).query(String.class).single();
        assertThat(hash).startsWith("$2").doesNotContain("correct horse");
    }

    @Test
    void usernamesAreUniqueWithoutRegardToCase() {
        String name = uniqueName("Case");
        register(name);
        Response again = client.call("POST", "/api/auth/register", Map.of("username", name.toLowerCase(), "password", "another pw1"), null);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.body().path("errors").path("username").asString()).isEqualTo("is taken");
    }

    @Test
    void concurrentRegistrationsOfOneNameCreateOneUser() throws Exception {
        String name = uniqueName("race");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Integer>> attempts = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                attempts.add(() -> client.call("POST", "/api/auth/register", Map.of("username", name, "password", "correct horse"), null).status());
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> f : pool.invokeAll(attempts)) {
                statuses.add(f.get());
            }
            assertThat(statuses).containsOnlyOnce(201).containsOnly(201, 409);
        } finally {
            pool.shutdownNow();
        }
        assertThat(jdbc.sql("SELECT count(*) FROM graph.users WHERE lower(username) = lower(?)").param(name)
                .query(Integer.class).single()).isEqualTo(1);
    }

    /**
     * A rename shows on the very next read of the read model (tweet-views, as timelines and
     * notifications hydrate their pages), even when that read would hit the cache: the edit
     * overwrites the cached summary when it commits.
     */
    @Test
    void aProfileEditOverwritesTheCachedSummaryTheReadModelShows() {
        long id = register(uniqueName("sum"));
        assertThat(tweetViews.hydrate(List.of(), List.of(id), null).users().get(id).displayName()).isNotEqualTo("Renamed");
        assertThat(redis.hasKey(TweetCache.userKey(id))).as("cached by that read").isTrue();
        Response updated = client.call("PATCH", "/api/users/me", Map.of("displayName", "Renamed"), id);
        assertThat(updated.status()).isEqualTo(200);
        assertThat(tweetViews.hydrate(List.of(), List.of(id), null).users().get(id).displayName()).isEqualTo("Renamed");
    }

    @Test
    void profileEditsAreValidatedAndNormaliseTheLocationKey() {
        long id = register(uniqueName("prof"));
        Response updated = client.call("PATCH", "/api/users/me", Map.of("bio", "Hello", "location", "São Paulo, BR"), id);
        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.body().path("location").asString()).isEqualTo("São Paulo, BR");
        assertThat(jdbc.sql("SELECT location_key FROM graph.users WHERE id = ?").param(id).query(String.class).single())
                .isEqualTo("sao-paulo-br");
        Response tooLong = client.call("PATCH", "/api/users/me", Map.of("bio", "x".repeat(161)), id);
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.body().path("errors").has("bio")).isTrue();
        assertThat(client.call("PATCH", "/api/users/me", Map.of("displayName", "   "), id).status()).isEqualTo(400);
    }

    /** An avatar is a picture uploaded here, never a URL on another host (viewers' addresses would leak to it). */
    @Test
    void avatarsComeOnlyFromTheAppsOwnMedia() {
        long id = register(uniqueName("ava"));
        for (String outside : java.util.List.of("https://tracker.example/pixel.png", "http://10.0.0.1/a.png",
                "//evil.example/a.png", "/media/../../etc/passwd", "/media/a b.png", "javascript:alert(1)")) {
            Response refused = client.call("PATCH", "/api/users/me", Map.of("avatarUrl", outside), id);
            assertThat(refused.status()).as(outside).isEqualTo(400);
            assertThat(refused.body().path("errors").has("avatarUrl")).as(outside).isTrue();
        }
        assertThat(jdbc.sql("SELECT avatar_url FROM graph.users WHERE id = ?").param(id).query(String.class).optional()).isEmpty();
        Response own = client.call("PATCH", "/api/users/me", Map.of("avatarUrl", "/media/0123abcd.png"), id);
        assertThat(own.status()).isEqualTo(200);
        assertThat(own.body().path("avatarUrl").asString()).isEqualTo("/media/0123abcd.png");
        assertThat(client.call("PATCH", "/api/users/me", Map.of("avatarUrl", ""), id).status()).isEqualTo(200);
    }

    /**
     * Input the real PostgreSQL refuses (NUL in text) or Tomcat cannot decode (bytes that are not
     * UTF-8): a 400 problem, never a 500 (which the gateway would count against graph-service),
     * and nothing written.
     */
    @Test
    void valuesTheStoreCannotHoldAreA400NotA500() {
        for (String query : java.util.List.of("%00", "a%00b", "%FF", "%C3%28")) {
            Response lookup = client.call("GET", "/api/users/lookup?username=" + query, null, null);
            assertThat(lookup.status()).as(query).isEqualTo(400);
            assertThat(lookup.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        }
        String name = uniqueName("nul");
        Response register = client.call("POST", "/api/auth/register",
                Map.of("username", name, "password", "long enough pw", "displayName", "a\u0000b"), null);
        assertThat(register.status()).as(register.text()).isEqualTo(400);
        assertThat(jdbc.sql("SELECT count(*) FROM graph.users WHERE lower(username) = lower(?)")
                .param(name).query(Integer.class).single()).isZero();
    }

    @Test
    void lookupByUsernameIgnoresCaseAndMissingIsA404() {
        String name = uniqueName("Look");
        long id = register(name);
        Response found = client.call("GET", "/api/users/lookup?username=" + name.toUpperCase(), null, null);
        assertThat(found.body().path("id").asString()).isEqualTo(Long.toString(id));
        assertThat(found.body().has("followedByMe")).isFalse();
        assertThat(client.call("GET", "/api/users/lookup?username=nobody_here_1", null, null).status()).isEqualTo(404);
        assertThat(client.call("GET", "/api/users/123", null, null).status()).isEqualTo(404);
    }
}
