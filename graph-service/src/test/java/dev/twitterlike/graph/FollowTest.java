package dev.twitterlike.graph;

import dev.twitterlike.common.timeline.TimelineStore;
import dev.twitterlike.devstack.ServiceClient.Response;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class FollowTest extends GraphIntegrationTest {

    @Autowired
    StringRedisTemplate redis;
    @Autowired
    dev.twitterlike.graph.follow.InfluencerFlags influencerFlags;

    @Test
    void followAndUnfollowAreIdempotent() {
        List<Long> users = insertUsers(2);
        long a = users.get(0);
        long b = users.get(1);
        Response first = client.call("POST", "/api/users/" + b + "/follow", null, a);
        Response again = client.call("POST", "/api/users/" + b + "/follow", null, a);
        assertThat(first.status()).isEqualTo(200);
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(first.body().path("followedByMe").asBoolean()).isTrue();
        assertThat(first.body().path("followerCount").asInt()).isEqualTo(1);
        assertThat(user(a).path("followingCount").asInt()).isEqualTo(1);

        Response removed = client.call("DELETE", "/api/users/" + b + "/follow", null, a);
        Response removedAgain = client.call("DELETE", "/api/users/" + b + "/follow", null, a);
        assertThat(removed.body().path("followedByMe").asBoolean()).isFalse();
        assertThat(removedAgain.body()).isEqualTo(removed.body());
        assertThat(user(b).path("followerCount").asInt()).isZero();
        assertThat(user(a).path("followingCount").asInt()).isZero();
        assertThat(outboxCount("follow.new", a)).isEqualTo(1);
        assertThat(outboxCount("follow.removed", a)).isEqualTo(1);
    }

    @Test
    void eachCommittedFollowAndUnfollowRenewsTheFollowersFollowingStamp() {
        List<Long> users = insertUsers(2);
        long a = users.get(0);
        long b = users.get(1);
        String stampKey = TimelineStore.followingStampKey(a);
        assertThat(redis.opsForValue().get(stampKey)).isNull();

        client.call("POST", "/api/users/" + b + "/follow", null, a);
        String afterFollow = redis.opsForValue().get(stampKey);
        assertThat(afterFollow).isNotNull();
        assertThat(redis.getExpire(stampKey, TimeUnit.HOURS)).isBetween(47L, 48L);

        client.call("POST", "/api/users/" + b + "/follow", null, a);
        assertThat(redis.opsForValue().get(stampKey)).as("a repeated follow changes nothing").isEqualTo(afterFollow);

        client.call("DELETE", "/api/users/" + b + "/follow", null, a);
        assertThat(redis.opsForValue().get(stampKey)).isNotNull().isNotEqualTo(afterFollow);
        assertThat(redis.opsForValue().get(TimelineStore.followingStampKey(b))).as("only the follower's").isNull();
    }

    @Test
    void selfFollowIsA400AndAMissingUserA404() {
        long a = insertUsers(1).get(0);
        assertThat(client.call("POST", "/api/users/" + a + "/follow", null, a).status()).isEqualTo(400);
        assertThat(client.call("POST", "/api/users/42/follow", null, a).status()).isEqualTo(404);
        assertThat(client.call("POST", "/api/users/abc/follow", null, a).status()).isIn(400, 404);
        assertThat(outboxCount("follow.new", a)).isZero();
    }

    @Test
    void hundredParallelFollowsLeaveExactCounts() throws Exception {
        long star = insertUsers(1).get(0);
        List<Long> fans = insertUsers(100);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Callable<Integer>> follows = new ArrayList<>();
            for (long fan : fans) {
                follows.add(() -> client.call("POST", "/api/users/" + star + "/follow", null, fan).status());
                follows.add(() -> client.call("POST", "/api/users/" + star + "/follow", null, fan).status());
            }
            for (Future<Integer> f : pool.invokeAll(follows)) {
                assertThat(f.get()).isEqualTo(200);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(user(star).path("followerCount").asInt()).isEqualTo(100);
        assertThat(jdbc.sql("SELECT count(*) FROM graph.follows WHERE following_id = ?").param(star).query(Integer.class).single()).isEqualTo(100);
        assertThat(jdbc.sql("SELECT count(*) FROM graph.users WHERE id IN (:ids) AND following_count = 1").param("ids", fans)
                .query(Integer.class).single()).isEqualTo(100);
    }

    @Test
    void crossingFollowsDoNotDeadlock() throws Exception {
        List<Long> users = insertUsers(20);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Integer>> follows = new ArrayList<>();
            for (long a : users) {
                for (long b : users) {
                    if (a != b) {
                        follows.add(() -> client.call("POST", "/api/users/" + b + "/follow", null, a).status());
                    }
                }
            }
            for (Future<Integer> f : pool.invokeAll(follows)) {
                assertThat(f.get()).isEqualTo(200);
            }
        } finally {
            pool.shutdownNow();
        }
        for (long u : users) {
            JsonNode view = user(u);
            assertThat(view.path("followerCount").asInt()).isEqualTo(19);
            assertThat(view.path("followingCount").asInt()).isEqualTo(19);
        }
    }

    @Test
    void followerPagesHaveNoDuplicatesOrGapsNewestFirst() {
        long star = insertUsers(1).get(0);
        List<Long> fans = insertUsers(23);
        for (long fan : fans) {
            client.call("POST", "/api/users/" + star + "/follow", null, fan);
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Response page = client.call("GET", "/api/users/" + star + "/followers?limit=5" + (cursor == null ? "" : "&cursor=" + cursor), null, null);
            assertThat(page.status()).isEqualTo(200);
            page.body().path("items").forEach(u -> seen.add(u.path("id").asString()));
            cursor = page.body().path("nextCursor").isNull() ? null : page.body().path("nextCursor").asString();
            pages++;
        } while (cursor != null && pages < 10);
        assertThat(pages).isEqualTo(5);
        assertThat(seen).doesNotHaveDuplicates().hasSize(23);
        List<String> newestFirst = new ArrayList<>(fans.stream().map(String::valueOf).toList());
        java.util.Collections.reverse(newestFirst);
        assertThat(seen).containsExactlyElementsOf(newestFirst);
        Response following = client.call("GET", "/api/users/" + fans.get(0) + "/following", null, null);
        assertThat(following.body().path("items").get(0).path("id").asString()).isEqualTo(Long.toString(star));
        assertThat(client.call("GET", "/api/users/" + star + "/followers?cursor=garbage", null, null).status()).isEqualTo(400);
        assertThat(client.call("GET", "/api/users/" + star + "/followers?limit=101", null, null).status()).isEqualTo(400);
    }

    @Test
    void celebrityFlagHasHysteresis() {
        long star = insertUsers(1).get(0);
        List<Long> fans = insertUsers(10);
        for (int i = 0; i < 9; i++) {
            client.call("POST", "/api/users/" + star + "/follow", null, fans.get(i));
        }
        assertThat(user(star).path("celebrity").asBoolean()).isFalse();
        client.call("POST", "/api/users/" + star + "/follow", null, fans.get(9));
        assertThat(user(star).path("celebrity").asBoolean()).as("set at the threshold (10)").isTrue();
        client.call("DELETE", "/api/users/" + star + "/follow", null, fans.get(9));
        assertThat(user(star).path("celebrity").asBoolean()).as("kept at 9: not below 90 %").isTrue();
        client.call("POST", "/api/users/" + star + "/follow", null, fans.get(9));
        client.call("DELETE", "/api/users/" + star + "/follow", null, fans.get(9));
        client.call("DELETE", "/api/users/" + star + "/follow", null, fans.get(8));
        assertThat(user(star).path("celebrity").asBoolean()).as("cleared at 8").isFalse();
        List<Boolean> flips = jdbc.sql("SELECT (payload->'payload'->>'celebrity')::boolean FROM graph.outbox "
                        + "WHERE topic = 'user.updated' AND event_key = ? ORDER BY id")
                .param(Long.toString(star)).query(Boolean.class).list();
        assertThat(flips).containsExactly(true, false);
    }

    @Test
    void theTierFollowsTheFollowerCountThroughBothThresholds() {
        long star = insertUsers(1).get(0);
        List<Long> fans = insertUsers(10);
        List<String> tiers = new java.util.ArrayList<>();
        tiers.add(user(star).path("tier").asString());
        for (long fan : fans) {
            client.call("POST", "/api/users/" + star + "/follow", null, fan);
            tiers.add(user(star).path("tier").asString());
        }
        // influencer at 5 followers, celebrity at 10 (GraphIntegrationTest's thresholds)
        assertThat(tiers).containsExactly("normal", "normal", "normal", "normal", "normal",
                "influencer", "influencer", "influencer", "influencer", "influencer", "celebrity");
        for (int i = 9; i >= 3; i--) {
            client.call("DELETE", "/api/users/" + star + "/follow", null, fans.get(i));
        }
        assertThat(user(star).path("tier").asString()).as("3 followers: demoted past both tiers").isEqualTo("normal");
        assertThat(jdbc.sql("SELECT is_influencer FROM graph.user_summaries WHERE id = ?").param(star).query(Boolean.class).single())
                .as("published to the fanout").isFalse();
        client.call("POST", "/api/users/" + star + "/follow", null, fans.get(3));
        client.call("POST", "/api/users/" + star + "/follow", null, fans.get(4));
        assertThat(user(star).path("tier").asString()).isEqualTo("influencer");
        assertThat(jdbc.sql("SELECT is_influencer FROM graph.user_summaries WHERE id = ?").param(star).query(Boolean.class).single())
                .isTrue();
    }

    @Test
    void atStartUpEveryFlagTheThresholdNowPlacesOtherwiseIsCorrected() {
        List<Long> u = insertUsers(2);
        // counts loaded in bulk (or the threshold changed) without the flags following
        jdbc.sql("UPDATE graph.users SET follower_count = 7, is_influencer = FALSE WHERE id = ?").param(u.get(0)).update();
        jdbc.sql("UPDATE graph.users SET follower_count = 2, is_influencer = TRUE WHERE id = ?").param(u.get(1)).update();
        influencerFlags.reconcile();
        assertThat(user(u.get(0)).path("tier").asString()).isEqualTo("influencer");
        assertThat(user(u.get(1)).path("tier").asString()).isEqualTo("normal");
    }

    @Test
    void suggestionsPreferFriendsOfFriendsAndNeverTheViewerOrFollowed() {
        List<Long> u = insertUsers(5);
        long viewer = u.get(0);
        long friend = u.get(1);
        long friendOfFriend = u.get(2);
        client.call("POST", "/api/users/" + friend + "/follow", null, viewer);
        client.call("POST", "/api/users/" + friendOfFriend + "/follow", null, friend);
        client.call("POST", "/api/users/" + viewer + "/follow", null, friend);
        Response suggestions = client.call("GET", "/api/users/suggestions?limit=10", null, viewer);
        assertThat(suggestions.status()).isEqualTo(200);
        Set<String> ids = new HashSet<>();
        suggestions.body().path("items").forEach(s -> ids.add(s.path("id").asString()));
        assertThat(suggestions.body().path("items").get(0).path("id").asString()).isEqualTo(Long.toString(friendOfFriend));
        assertThat(ids).doesNotContain(Long.toString(viewer), Long.toString(friend));
        assertThat(client.call("GET", "/api/users/suggestions", null, null).status()).isEqualTo(401);
    }

    private int outboxCount(String topic, long actor) {
        return jdbc.sql("SELECT count(*) FROM graph.outbox WHERE topic = ? AND event_key = ?")
                .params(topic, Long.toString(actor)).query(Integer.class).single();
    }
}
