package dev.twitterlike.tweet;

import dev.twitterlike.devstack.ServiceClient.Response;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

class EngagementTest extends TweetIntegrationTest {

    @Test
    void likeAndUnlikeAreIdempotentAndEmitOnlyWhenSomethingChanged() {
        long author = user();
        long fan = user();
        long id = tweet(author, "like me");
        Response liked = client.call("POST", "/api/tweets/" + id + "/like", null, fan);
        Response likedAgain = client.call("POST", "/api/tweets/" + id + "/like", null, fan);
        assertThat(liked.status()).isEqualTo(200);
        assertThat(liked.body().path("liked").asBoolean()).isTrue();
        assertThat(liked.body().path("likeCount").asInt()).isEqualTo(1);
        assertThat(likedAgain.body()).isEqualTo(liked.body());

        Response unliked = client.call("DELETE", "/api/tweets/" + id + "/like", null, fan);
        Response unlikedAgain = client.call("DELETE", "/api/tweets/" + id + "/like", null, fan);
        assertThat(unliked.body().path("liked").asBoolean()).isFalse();
        assertThat(unliked.body().path("likeCount").asInt()).isZero();
        assertThat(unlikedAgain.body()).isEqualTo(unliked.body());

        List<JsonNode> created = outbox("like.created", fan);
        assertThat(created).hasSize(1);
        assertThat(created.get(0).path("userId").asLong()).isEqualTo(fan);
        assertThat(created.get(0).path("tweetId").asLong()).isEqualTo(id);
        assertThat(created.get(0).path("tweetAuthorId").asLong()).isEqualTo(author);
        assertThat(outbox("like.removed", fan)).hasSize(1);
        assertThat(client.call("POST", "/api/tweets/" + id + "/like", null, null).status()).isEqualTo(401);
    }

    @Test
    void aHundredParallelLikesLeaveExactCounts() throws Exception {
        long id = tweet(user(), "popular");
        List<Long> fans = insertUsers(100);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Callable<Integer>> likes = new ArrayList<>();
            for (long fan : fans) {
                // each fan likes twice at once: only one of the two may count
                likes.add(() -> client.call("POST", "/api/tweets/" + id + "/like", null, fan).status());
                likes.add(() -> client.call("POST", "/api/tweets/" + id + "/like", null, fan).status());
            }
            for (Future<Integer> f : pool.invokeAll(likes)) {
                assertThat(f.get()).isEqualTo(200);
            }
            assertThat(client.get("/api/tweets/" + id, null).body().path("likeCount").asInt()).isEqualTo(100);
            assertThat(count("SELECT count(*) FROM tweets.likes WHERE tweet_id = ?", id)).isEqualTo(100);
            assertThat(count("SELECT count(*) FROM tweets.outbox WHERE topic = 'like.created' AND (payload->'payload'->>'tweetId')::bigint = ?", id))
                    .isEqualTo(100);

            List<Callable<Integer>> mixed = new ArrayList<>();
            for (int i = 0; i < fans.size(); i++) {
                long fan = fans.get(i);
                // half take their like back, twice each, while the others like again
                String method = i % 2 == 0 ? "DELETE" : "POST";
                mixed.add(() -> client.call(method, "/api/tweets/" + id + "/like", null, fan).status());
                mixed.add(() -> client.call(method, "/api/tweets/" + id + "/like", null, fan).status());
            }
            for (Future<Integer> f : pool.invokeAll(mixed)) {
                assertThat(f.get()).isEqualTo(200);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(client.get("/api/tweets/" + id, null).body().path("likeCount").asInt()).isEqualTo(50);
        assertThat(count("SELECT count(*) FROM tweets.likes WHERE tweet_id = ?", id)).isEqualTo(50);
    }

    @Test
    void aRetweetIsItsOwnRowAndEventAndUndoingItRemovesBoth() {
        long author = user();
        long id = tweet(author, "retweet me");
        Response retweeted = client.call("POST", "/api/tweets/" + id + "/retweet", null, author);
        Response again = client.call("POST", "/api/tweets/" + id + "/retweet", null, author);
        assertThat(retweeted.status()).as("one's own tweet may be retweeted").isEqualTo(200);
        assertThat(retweeted.body().path("retweeted").asBoolean()).isTrue();
        assertThat(retweeted.body().path("retweetCount").asInt()).isEqualTo(1);
        assertThat(again.body()).isEqualTo(retweeted.body());
        long retweetId = jdbc.sql("SELECT id FROM tweets.retweets WHERE user_id = ? AND tweet_id = ?").params(author, id)
                .query(Long.class).single();
        assertThat(retweetId).as("a Snowflake id made after the tweet's").isGreaterThan(id);
        assertThat(client.get("/api/tweets/" + id, author).body().path("retweeted").asBoolean()).isTrue();

        Response undone = client.call("DELETE", "/api/tweets/" + id + "/retweet", null, author);
        assertThat(undone.body().path("retweeted").asBoolean()).isFalse();
        assertThat(undone.body().path("retweetCount").asInt()).isZero();
        assertThat(client.call("DELETE", "/api/tweets/" + id + "/retweet", null, author).body()).isEqualTo(undone.body());
        assertThat(count("SELECT count(*) FROM tweets.retweets WHERE tweet_id = ?", id)).isZero();

        List<JsonNode> created = outbox("retweet.created", author);
        List<JsonNode> removed = outbox("retweet.removed", author);
        assertThat(created).hasSize(1);
        assertThat(removed).hasSize(1);
        for (JsonNode event : List.of(created.get(0), removed.get(0))) {
            assertThat(event.path("retweetId").asLong()).isEqualTo(retweetId);
            assertThat(event.path("userId").asLong()).isEqualTo(author);
            assertThat(event.path("tweetId").asLong()).isEqualTo(id);
            assertThat(event.path("tweetAuthorId").asLong()).isEqualTo(author);
        }
    }

    @Test
    void parallelRetweetsByOneUserMakeOneRetweet() throws Exception {
        long id = tweet(user(), "once");
        long fan = user();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Integer>> retweets = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                retweets.add(() -> client.call("POST", "/api/tweets/" + id + "/retweet", null, fan).status());
            }
            for (Future<Integer> f : pool.invokeAll(retweets)) {
                assertThat(f.get()).isEqualTo(200);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(client.get("/api/tweets/" + id, null).body().path("retweetCount").asInt()).isEqualTo(1);
        assertThat(outbox("retweet.created", fan)).hasSize(1);
    }

    @Test
    void aDeletedOrMissingTweetCannotBeLikedOrRetweeted() {
        long author = user();
        long fan = user();
        long id = tweet(author, "going away");
        client.call("POST", "/api/tweets/" + id + "/like", null, fan);
        assertThat(client.call("DELETE", "/api/tweets/" + id, null, author).status()).isEqualTo(204);
        for (String method : List.of("POST", "DELETE")) {
            for (String what : List.of("like", "retweet")) {
                Response response = client.call(method, "/api/tweets/" + id + "/" + what, null, fan);
                assertThat(response.status()).as(method + " " + what).isEqualTo(404);
                assertThat(response.contentType()).startsWith("application/problem+json");
                assertThat(client.call(method, "/api/tweets/4242/" + what, null, fan).status()).isEqualTo(404);
            }
        }
        assertThat(outbox("like.removed", fan)).isEmpty();
        assertThat(outbox("retweet.created", fan)).isEmpty();
    }
}
