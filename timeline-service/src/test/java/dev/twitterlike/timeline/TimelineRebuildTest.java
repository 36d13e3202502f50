package dev.twitterlike.timeline;

import dev.twitterlike.common.timeline.TimelineStore;
import dev.twitterlike.common.ids.Snowflake;
import dev.twitterlike.common.timeline.TimelineEntry;
import dev.twitterlike.devstack.ServiceClient;
import dev.twitterlike.devstack.SiblingSchemas;
import dev.twitterlike.devstack.UseDevStack;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.StringRedisTemplate;
import tools.jackson.databind.JsonNode;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operations endpoint that rebuilds cached timelines and recent lists from PostgreSQL
 * ({@code scripts/rebuild-timelines.sh}), against real PostgreSQL and Valkey.
 */
@UseDevStack
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Order(Integer.MAX_VALUE)
class TimelineRebuildTest {

    private static final Snowflake IDS = new Snowflake(12);
    private static final AtomicLong USER_IDS = new AtomicLong((System.nanoTime() & 0xFFFFFFFFL) + (1L << 40));

    @LocalServerPort
    int port;
    final JdbcClient fixtures = JdbcClient.create(SiblingSchemas.fixtures());
    @Autowired
    StringRedisTemplate redis;
    @Autowired
    DataSource dataSource;

    /** HTTP as the gateway sends it (signed for the acting user). */
    private ServiceClient client;

    @BeforeEach
    void schemas() {
        client = new ServiceClient(port, "timeline-service");
        SiblingSchemas.migrate(dataSource, "graph-service", "graph", "tweet-service", "tweets");
    }

    @Test
    void aUsersDeletedListsAreRebuiltIdenticalToWhatAReadBuilt() {
        long me = user("r", false);
        long a = user("r", false);
        long star = user("r", true);
        follow(me, a);
        follow(me, star);
        long t1 = tweet(a);
        long s1 = tweet(star);
        long mine = tweet(me);
        long rt = retweet(me, t1);
        long t2 = tweet(a);
        // a read builds the timeline (a miss), once the celebrity is pulled (the pulled set is re-read every second)
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> {
            redis.delete(TimelineStore.timelineKey(me));
            home(me);
            return !list(TimelineStore.timelineKey(me)).contains(TimelineEntry.tweet(s1, star).encode());
        });
        JsonNode before = home(me);
        assertThat(ids(before)).contains(Long.toString(s1));
        List<String> timeline = list(TimelineStore.timelineKey(me));
        fixtures.sql("UPDATE graph.users SET is_celebrity = true WHERE id = ?").param(me).update();
        redis.delete(TimelineStore.recentKey(me));
        // someone who follows me reads: my recent list is pulled and cached, as the design keeps it
        long follower = user("r", false);
        follow(follower, me);
        // (the pulled accounts are re-read every second)
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> {
            home(follower);
            return redis.hasKey(TimelineStore.recentKey(me));
        });
        List<String> recent = list(TimelineStore.recentKey(me));
        assertThat(timeline).contains(TimelineEntry.tweet(t2, a).encode(), TimelineEntry.retweet(rt, me, t1).encode(),
                TimelineEntry.tweet(mine, me).encode(), TimelineEntry.SENTINEL).doesNotContain(TimelineEntry.tweet(s1, star).encode());
        assertThat(recent).contains(TimelineEntry.retweet(rt, me, t1).encode(), TimelineEntry.tweet(mine, me).encode());

        redis.delete(List.of(TimelineStore.timelineKey(me), TimelineStore.recentKey(me)));
        ServiceClient.Response response = post("/internal/ops/timelines/rebuild?user=" + me);
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        JsonNode body = response.body();
        assertThat(body.path("userId").asString()).isEqualTo(Long.toString(me));
        assertThat(body.path("timelineEntries").asInt()).isEqualTo(4);
        assertThat(body.path("recentEntries").asInt()).isEqualTo(2);

        assertThat(list(TimelineStore.timelineKey(me))).isEqualTo(timeline);
        assertThat(list(TimelineStore.recentKey(me))).isEqualTo(recent);
        assertThat(redis.getExpire(TimelineStore.timelineKey(me), TimeUnit.DAYS)).isBetween(6L, 7L);
        assertThat(redis.getExpire(TimelineStore.recentKey(me), TimeUnit.DAYS)).isBetween(6L, 7L);
        fixtures.sql("UPDATE graph.users SET is_celebrity = false WHERE id = ?").param(me).update();
        assertThat(ids(home(me))).isEqualTo(ids(before));
    }

    @Test
    void aRebuildReplacesAListThatWentWrongAndTakesAUsername() {
        long me = user("n", false);
        long a = user("n", false);
        follow(me, a);
        long t1 = tweet(a);
        // a stale list: an entry of a deleted tweet's author that is not followed, a missing tweet
        redis.delete(TimelineStore.timelineKey(me));
        redis.opsForList().rightPushAll(TimelineStore.timelineKey(me), "12345:999", TimelineEntry.SENTINEL);
        String username = fixtures.sql("SELECT username FROM graph.users WHERE id = ?").param(me).query(String.class).single();
        ServiceClient.Response response = post("/internal/ops/timelines/rebuild?username=" + username.toUpperCase());
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        assertThat(list(TimelineStore.timelineKey(me))).containsExactly(TimelineEntry.tweet(t1, a).encode(), TimelineEntry.SENTINEL);
    }

    @Test
    void theBatchFormWalksEveryUserInIdOrderAndSaysWhereToGoOn() {
        List<Long> users = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            users.add(user("b", false));
        }
        long followed = users.get(0);
        long t = tweet(followed);
        for (long u : users.subList(1, 5)) {
            follow(u, followed);
        }
        users.forEach(u -> redis.delete(List.of(TimelineStore.timelineKey(u), TimelineStore.recentKey(u))));
        long total = fixtures.sql("SELECT count(*) FROM graph.users").query(Long.class).single();

        Set<Long> seen = new HashSet<>();
        String after = "";
        int rebuilt = 0;
        int batches = 0;
        long lastTotal = 0;
        while (after != null) {
            ServiceClient.Response response = post("/internal/ops/timelines/rebuild-batch?limit=250&after=" + after);
            assertThat(response.status()).as(response.text()).isEqualTo(200);
            JsonNode body = response.body();
            rebuilt += body.path("rebuilt").asInt();
            lastTotal = body.path("total").asLong();
            after = body.path("next").isNull() ? null : body.path("next").asString();
            batches++;
            assertThat(batches).isLessThan(10_000);
        }
        assertThat(rebuilt).isGreaterThanOrEqualTo((int) total);
        assertThat(lastTotal).isGreaterThanOrEqualTo(total);
        for (long u : users.subList(1, 5)) {
            assertThat(list(TimelineStore.timelineKey(u))).containsExactly(TimelineEntry.tweet(t, followed).encode(), TimelineEntry.SENTINEL);
            seen.add(u);
        }
        assertThat(list(TimelineStore.recentKey(followed))).containsExactly(TimelineEntry.tweet(t, followed).encode(), TimelineEntry.SENTINEL);
        assertThat(seen).hasSize(4);
    }

    @Test
    void badInputIsA4xxProblem() {
        long missing = USER_IDS.incrementAndGet() + (1L << 50);
        for (String[] c : new String[][] {
                {"/internal/ops/timelines/rebuild?user=" + missing, "404"},
                {"/internal/ops/timelines/rebuild?username=nobody_" + missing, "404"},
                {"/internal/ops/timelines/rebuild?user=abc", "400"},
                {"/internal/ops/timelines/rebuild?user=-1", "400"},
                {"/internal/ops/timelines/rebuild?user=99999999999999999999", "400"},
                {"/internal/ops/timelines/rebuild", "400"},
                {"/internal/ops/timelines/rebuild-batch?after=x", "400"},
                {"/internal/ops/timelines/rebuild-batch?limit=0", "400"},
                {"/internal/ops/timelines/rebuild-batch?limit=1001", "400"}}) {
            ServiceClient.Response response = post(c[0]);
            assertThat(response.status()).as(c[0] + " " + response.text()).isEqualTo(Integer.parseInt(c[1]));
            assertThat(response.headers().firstValue("Content-Type")).as(c[0]).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
            assertThat(response.body().path("status").asInt()).isEqualTo(Integer.parseInt(c[1]));
        }
        assertThat(client.get("/internal/ops/timelines/rebuild?user=1", null).status())
                .as("a rebuild is a POST").isEqualTo(405);
    }

    @Test
    void withValkeyDownARebuildIsA503ProblemToRetry() {
        long me = user("v", false);
        dev.twitterlike.devstack.DevStack.get().restartRedis(() -> {
            ServiceClient.Response response = post("/internal/ops/timelines/rebuild?user=" + me);
            assertThat(response.status()).as(response.text()).isEqualTo(503);
            assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        });
    }

    private long user(String prefix, boolean celebrity) {
        long id = USER_IDS.incrementAndGet();
        fixtures.sql("INSERT INTO graph.users (id, username, display_name, password_hash, is_celebrity) VALUES (?, ?, 'User', 'x', ?)")
                .params(id, prefix + (id % 1_000_000_000_000L), celebrity).update();
        return id;
    }

    private void follow(long follower, long followee) {
        fixtures.sql("INSERT INTO graph.follows (follower_id, following_id) VALUES (?, ?)").params(follower, followee).update();
    }

    private long tweet(long author) {
        long id = IDS.nextId();
        fixtures.sql("INSERT INTO tweets.tweets (id, author_id, content) VALUES (?, ?, 'hello')").params(id, author).update();
        return id;
    }

    private long retweet(long user, long tweet) {
        long id = IDS.nextId();
        fixtures.sql("INSERT INTO tweets.retweets (id, user_id, tweet_id) VALUES (?, ?, ?)").params(id, user, tweet).update();
        return id;
    }

    private List<String> list(String key) {
        return redis.opsForList().range(key, 0, -1);
    }

    private JsonNode home(long userId) {
        ServiceClient.Response response = client.get("/api/timeline/home", userId);
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        return response.body();
    }

    private ServiceClient.Response post(String path) {
        return client.post(path, null, null);
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.path("items").forEach(t -> ids.add(t.path("id").asString()));
        return ids;
    }
}
