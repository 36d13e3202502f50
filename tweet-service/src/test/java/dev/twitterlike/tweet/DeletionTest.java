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

    /**
     * The purge at the bench graph's scale (docs/operations.md, "Retention"): its 60,000 tweets,
     * 6,000 of them deleted 31 days ago and 6,000 deleted 29 days ago, each of those with 5 likes
     * and a retweet. One pass takes exactly the old ones with their likes and retweets.
     */
    @Test
    void atTheBenchGraphsScaleOnePassPurgesExactlyTheTweetsPastRetention() {
        long first = dev.twitterlike.common.ids.Snowflake.firstIdAt(Instant.now().minus(Duration.ofDays(40)));
        long last = first + 60_000L * 256;
        jdbc.sql("""
                INSERT INTO tweets.tweets (id, author_id, content, created_at, deleted_at)
                SELECT :first + g * 256, 9000000000000 + g % 20000, 'bench tweet ' || g, now() - interval '40 days',
                       CASE WHEN g % 10 = 0 THEN now() - interval '31 days' WHEN g % 10 = 1 THEN now() - interval '29 days' END
                  FROM generate_series(0, 59999) g""").param("first", first).update();
        jdbc.sql("""
                INSERT INTO tweets.likes (user_id, tweet_id)
                SELECT 9000000000000 + l, t.id FROM tweets.tweets t, generate_series(1, 5) l
                 WHERE t.id BETWEEN :first AND :last AND t.deleted_at IS NOT NULL""").param("first", first).param("last", last).update();
        jdbc.sql("""
                INSERT INTO tweets.retweets (id, user_id, tweet_id)
                SELECT t.id + 1, 9000000000007, t.id FROM tweets.tweets t
                 WHERE t.id BETWEEN :first AND :last AND t.deleted_at IS NOT NULL""").param("first", first).param("last", last).update();
        jdbc.sql("ANALYZE tweets.tweets").update();
        try {
            long t0 = System.nanoTime();
            DeletedTweetPurge.Purged purged = purge.purge();
            long millis = (System.nanoTime() - t0) / 1_000_000;
            System.out.printf("retention cost: deleted tweets (30 days): %d tweets, %d likes, %d retweets purged of 60000 tweets in %d ms%n",
                    purged.tweets(), purged.likes(), purged.retweets(), millis);
            assertThat(purged.tweets()).isGreaterThanOrEqualTo(6_000);
            assertThat(count("SELECT count(*) FROM tweets.tweets WHERE id BETWEEN ? AND ?", first, last)).isEqualTo(54_000);
            assertThat(count("SELECT count(*) FROM tweets.tweets WHERE id BETWEEN ? AND ? AND deleted_at < now() - interval '30 days'", first, last)).isZero();
            assertThat(count("SELECT count(*) FROM tweets.likes WHERE tweet_id BETWEEN ? AND ?", first, last)).as("the young deletions' likes").isEqualTo(30_000);
            assertThat(count("SELECT count(*) FROM tweets.retweets WHERE tweet_id BETWEEN ? AND ?", first, last)).isEqualTo(6_000);
        } finally {
            jdbc.sql("DELETE FROM tweets.likes WHERE tweet_id BETWEEN :first AND :last").param("first", first).param("last", last).update();
            jdbc.sql("DELETE FROM tweets.retweets WHERE tweet_id BETWEEN :first AND :last").param("first", first).param("last", last).update();
            jdbc.sql("DELETE FROM tweets.tweets WHERE id BETWEEN :first AND :last").param("first", first).param("last", last).update();
        }
    }

    private void backdate(long id, Duration ago) {
        jdbc.sql("UPDATE tweets.tweets SET deleted_at = now() - make_interval(secs => ?) WHERE id = ?")
                .params(ago.toSeconds(), id).update();
    }

    private List<Long> ids(String sql, Object... params) {
        return jdbc.sql(sql).params(params).query(Long.class).list();
    }
}
