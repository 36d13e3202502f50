package dev.twitterlike.tweet;

import dev.twitterlike.devstack.ServiceClient.Response;
import dev.twitterlike.tweet.retention.DeletedTweetPurge;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class DeletionTest extends TweetIntegrationTest {

    @Autowired
    DeletedTweetPurge purge;

    @Test
    void onlyTheAuthorMayDelete() {
        long author = user();
        long other = user();
        long id = tweet(author, "mine");
        Response forbidden = client.call("DELETE", "/api/tweets/" + id, null, other);
        assertThat(forbidden.status()).isEqualTo(403);
        assertThat(forbidden.contentType()).startsWith("application/problem+json");
        assertThat(client.get("/api/tweets/" + id, null).status()).isEqualTo(200);
        assertThat(client.call("DELETE", "/api/tweets/" + id, null, null).status()).isEqualTo(401);
        assertThat(outbox("tweet.deleted", other)).isEmpty();
    }

    @Test
    void aDeletedTweetIsGoneEverywhereAndItsCountsAndEventFollow() {
        String tag = "gone" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        long parentAuthor = user();
        long author = user();
        long parent = tweet(parentAuthor, "parent");
        long id = tweet(author, Map.of("content", "reply #" + tag, "replyTo", Long.toString(parent)));
        tweet(author, "another one");
        assertThat(client.get("/api/tweets/" + parent, null).body().path("replyCount").asInt()).isEqualTo(1);

        assertThat(client.call("DELETE", "/api/tweets/" + id, null, author).status()).isEqualTo(204);

        assertThat(client.get("/api/tweets/" + id, null).status()).isEqualTo(404);
        assertThat(client.get("/api/tweets/" + id, author).status()).isEqualTo(404);
        assertThat(client.get("/api/tweets/" + id + "/replies", null).status()).isEqualTo(404);
        assertThat(client.get("/api/tweets/" + parent + "/replies", null).body().path("items")).isEmpty();
        assertThat(client.get("/api/hashtags/" + tag + "/tweets", null).body().path("items")).isEmpty();
        assertThat(client.get("/api/tweets/" + parent, null).body().path("replyCount").asInt()).isZero();
        assertThat(count("SELECT count(*) FROM tweets.tweets WHERE id = ? AND deleted_at IS NOT NULL", id))
                .as("soft: the row stays until the retention job").isEqualTo(1);
        assertThat(client.call("DELETE", "/api/tweets/" + id, null, author).status()).isEqualTo(404);

        List<JsonNode> events = outbox("tweet.deleted", author);
        assertThat(events).hasSize(1);
        assertThat(events.get(0).path("id").asLong()).isEqualTo(id);
        assertThat(events.get(0).path("authorId").asLong()).isEqualTo(author);
        assertThat(events.get(0).path("replyTo").asLong()).isEqualTo(parent);
        assertThat(events.get(0).path("hashtags").get(0).asString()).isEqualTo(tag);
    }

    @Test
    void retentionRemovesOnlyTweetsDeletedLongerAgoThanItsWindowWithTheirLikesAndRetweets() {
        long author = user();
        long fan = user();
        long old = tweet(author, "deleted 31 days ago");
        long recent = tweet(author, "deleted 29 days ago");
        long alive = tweet(author, "not deleted, and 40 days old");
        long parentOfReply = tweet(author, "deleted 31 days ago, with a reply");
        long reply = tweet(fan, Map.of("content", "a reply that stays", "replyTo", Long.toString(parentOfReply)));
        for (long id : List.of(old, recent, alive, parentOfReply)) {
            client.call("POST", "/api/tweets/" + id + "/like", null, fan);
            client.call("POST", "/api/tweets/" + id + "/retweet", null, fan);
        }
        for (long id : List.of(old, recent, parentOfReply)) {
            assertThat(client.call("DELETE", "/api/tweets/" + id, null, author).status()).isEqualTo(204);
        }
        backdate(old, Duration.ofDays(31));
        backdate(parentOfReply, Duration.ofDays(31));
        backdate(recent, Duration.ofDays(29));
        jdbc.sql("UPDATE tweets.tweets SET created_at = now() - interval '40 days' WHERE id = ?").param(alive).update();

        DeletedTweetPurge.Purged purged = purge.purge();

        assertThat(purged.tweets()).isGreaterThanOrEqualTo(2);
        assertThat(ids("SELECT id FROM tweets.tweets WHERE id IN (?, ?, ?, ?, ?)", old, recent, alive, parentOfReply, reply))
                .containsExactlyInAnyOrder(recent, alive, reply);
        assertThat(ids("SELECT tweet_id FROM tweets.likes WHERE user_id = ?", fan)).containsExactlyInAnyOrder(recent, alive);
        assertThat(ids("SELECT tweet_id FROM tweets.retweets WHERE user_id = ?", fan)).containsExactlyInAnyOrder(recent, alive);
        Response orphan = client.get("/api/tweets/" + reply, null);
        assertThat(orphan.status()).isEqualTo(200);
        assertThat(orphan.body().path("replyTo").asString()).as("still a reply, to a deleted tweet").isEqualTo(Long.toString(parentOfReply));

        assertThat(purge.purgeDeletedBefore(Instant.now().minus(Duration.ofDays(30))).tweets()).as("nothing left to do").isZero();
    }

    private void backdate(long id, Duration ago) {
        jdbc.sql("UPDATE tweets.tweets SET deleted_at = now() - make_interval(secs => ?) WHERE id = ?")
                .params(ago.toSeconds(), id).update();
    }

    private List<Long> ids(String sql, Object... params) {
        return jdbc.sql(sql).params(params).query(Long.class).list();
    }
}
