package dev.twitterlike.tweet.reading;

import dev.twitterlike.devstack.ServiceClient.Response;
import dev.twitterlike.tweet.TweetIntegrationTest;
import org.junit.jupiter.api.Test;
import dev.twitterlike.tweetviews.TweetCache;
import dev.twitterlike.tweetviews.TweetView;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class ReadingTest extends TweetIntegrationTest {

    @Autowired
    TransactionTemplate transactions;
    @Autowired
    StringRedisTemplate redis;
    @Autowired
    TweetCache tweetCache;

    @Test
    void aTweetShowsLikedAndRetweetedOnlyToASignedInViewer() {
        long author = user();
        long viewer = user();
        long id = tweet(author, "look at me");
        client.call("POST", "/api/tweets/" + id + "/like", null, viewer);

        Response anonymous = client.get("/api/tweets/" + id, null);
        assertThat(anonymous.status()).isEqualTo(200);
        assertThat(anonymous.body().has("liked")).isFalse();
        assertThat(anonymous.body().has("retweeted")).isFalse();
        assertThat(anonymous.body().path("likeCount").asInt()).isEqualTo(1);
        assertThat(anonymous.body().path("author").path("id").asString()).isEqualTo(Long.toString(author));

        Response signedIn = client.get("/api/tweets/" + id, viewer);
        assertThat(signedIn.body().path("liked").asBoolean()).isTrue();
        assertThat(signedIn.body().path("retweeted").asBoolean()).isFalse();
        assertThat(client.get("/api/tweets/" + id, author).body().path("liked").asBoolean()).isFalse();
        assertThat(client.get("/api/tweets/4242", null).status()).isEqualTo(404);
    }

    /**
     * Reads come from the read model's cache in Valkey once warm, and every change tweet-service
     * makes is in it before the request returns: the liker sees their like and its count, the
     * retweeter their retweet, a reply moves the parent's count, a deleted tweet is gone.
     */
    @Test
    void aWarmReadShowsEachChangeAsSoonAsItsRequestReturns() {
        long author = user();
        long fan = user();
        long id = tweet(author, "warm me");
        assertThat(redis.hasKey(TweetCache.tweetKey(id))).as("written at post time").isTrue();
        Response before = client.get("/api/tweets/" + id, fan);
        assertThat(before.body().path("liked").asBoolean()).isFalse();
        assertThat(redis.opsForHash().get(TweetCache.likedKey(fan), "*")).as("the fan's flags are cached").isEqualTo("1");

        client.call("POST", "/api/tweets/" + id + "/like", null, fan);
        Response liked = client.get("/api/tweets/" + id, fan);
        assertThat(liked.body().path("liked").asBoolean()).isTrue();
        assertThat(liked.body().path("likeCount").asInt()).isEqualTo(1);
        assertThat(client.get("/api/tweets/" + id, author).body().path("liked").asBoolean()).isFalse();

        client.call("POST", "/api/tweets/" + id + "/retweet", null, fan);
        tweet(user(), Map.of("content", "a reply", "replyTo", Long.toString(id)));
        Response after = client.get("/api/tweets/" + id, fan);
        assertThat(after.body().path("retweeted").asBoolean()).isTrue();
        assertThat(after.body().path("retweetCount").asInt()).isEqualTo(1);
        assertThat(after.body().path("replyCount").asInt()).isEqualTo(1);

        client.call("DELETE", "/api/tweets/" + id + "/like", null, fan);
        Response unliked = client.get("/api/tweets/" + id, fan);
        assertThat(unliked.body().path("liked").asBoolean()).isFalse();
        assertThat(unliked.body().path("likeCount").asInt()).isZero();

        assertThat(client.call("DELETE", "/api/tweets/" + id, null, author).status()).isEqualTo(204);
        assertThat(client.get("/api/tweets/" + id, fan).status()).isEqualTo(404);
        assertThat(redis.opsForHash().keys(TweetCache.tweetKey(id))).as("the tombstone").containsExactly("deleted");
    }

    @Test
    void theAuthorIsShownAsGraphHasItNow() {
        long author = user();
        long id = tweet(author, "before the rename");
        String renamed = uniqueName("renamed");
        assertThat(client.get("/api/tweets/" + id, null).body().path("author").path("displayName").asString()).isNotEqualTo("New Name");
        // the rename as graph-service commits it: the row, then the cached summary overwritten
        // (RegistrationTest.aProfileEditOverwritesTheCachedSummaryTheReadModelShows in graph-service does it through its API)
        fixtures.sql("UPDATE graph.users SET username = ?, display_name = 'New Name' WHERE id = ?").params(renamed, author).update();
        tweetCache.putUser(new TweetView.UserSummary(Long.toString(author), renamed, "New Name", null));
        Response tweet = client.get("/api/tweets/" + id, null);
        assertThat(tweet.body().path("author").path("username").asString()).isEqualTo(renamed);
        assertThat(tweet.body().path("author").path("displayName").asString()).isEqualTo("New Name");
    }

    @Test
    void repliesComeNewestFirstByCursorWithoutGapsOrDuplicates() {
        long author = user();
        long parent = tweet(author, "parent of many");
        List<String> replies = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            replies.add(Long.toString(tweet(user(), Map.of("content", "reply " + i, "replyTo", Long.toString(parent)))));
        }
        long gone = tweet(author, Map.of("content", "deleted reply", "replyTo", Long.toString(parent)));
        client.call("DELETE", "/api/tweets/" + gone, null, author);

        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Response page = client.get("/api/tweets/" + parent + "/replies?limit=5" + (cursor == null ? "" : "&cursor=" + cursor), null);
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.body().path("items").size()).isLessThanOrEqualTo(5);
            page.body().path("items").forEach(t -> seen.add(t.path("id").asString()));
            cursor = page.body().path("nextCursor").isNull() ? null : page.body().path("nextCursor").asString();
            pages++;
        } while (cursor != null && pages < 10);

        assertThat(pages).isEqualTo(5);
        Collections.reverse(replies);
        assertThat(seen).containsExactlyElementsOf(replies);
        assertThat(client.get("/api/tweets/" + parent, null).body().path("replyCount").asInt()).isEqualTo(23);
        Response defaults = client.get("/api/tweets/" + parent + "/replies", null);
        assertThat(defaults.body().path("items").size()).isEqualTo(20);
        assertThat(defaults.body().has("nextCursor")).isTrue();
        assertThat(client.get("/api/tweets/" + parent + "/replies?limit=100", null).body().path("nextCursor").isNull()).isTrue();
        assertThat(client.get("/api/tweets/4242/replies", null).status()).isEqualTo(404);
    }

    @Test
    void hashtagSearchFindsATagHoweverItIsWrittenNewestFirstByCursor() {
        String tag = "tag" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        long author = user();
        List<String> ids = new ArrayList<>();
        ids.add(Long.toString(tweet(author, "first #" + tag)));
        ids.add(Long.toString(tweet(author, "second #" + tag.toUpperCase())));
        ids.add(Long.toString(tweet(author, "third ＃" + fullWidth(tag))));
        ids.add(Long.toString(tweet(author, "fourth #" + tag + " and #other")));
        long deleted = tweet(author, "deleted #" + tag);
        client.call("DELETE", "/api/tweets/" + deleted, null, author);
        tweet(author, "not this one #" + tag + "x");

        Collections.reverse(ids);
        for (String asWritten : List.of(tag, tag.toUpperCase(), "%23" + tag, URLEncoder.encode(fullWidth(tag), StandardCharsets.UTF_8))) {
            Response page = client.get("/api/hashtags/" + asWritten + "/tweets", null);
            assertThat(page.status()).as(asWritten).isEqualTo(200);
            List<String> found = new ArrayList<>();
            page.body().path("items").forEach(t -> found.add(t.path("id").asString()));
            assertThat(found).as(asWritten).containsExactlyElementsOf(ids);
        }
        Response first = client.get("/api/hashtags/" + tag + "/tweets?limit=3", null);
        assertThat(first.body().path("items")).hasSize(3);
        Response second = client.get("/api/hashtags/" + tag + "/tweets?limit=3&cursor=" + first.body().path("nextCursor").asString(), null);
        assertThat(second.body().path("items")).hasSize(1);
        assertThat(second.body().path("items").get(0).path("id").asString()).isEqualTo(ids.get(3));
        assertThat(second.body().path("nextCursor").isNull()).isTrue();
        assertThat(client.get("/api/hashtags/2024/tweets", null).status()).isEqualTo(400);
    }

    /**
     * The hashtag query as the service runs it, explained. The table is small in a test, where a
     * sequential scan is cheapest and the planner rightly picks it; {@code SET LOCAL
     * enable_seqscan = off} (in this transaction's connection only) asks what it does when the
     * table is large, after a few thousand filler rows and ANALYZE give it real statistics.
     */
    @Test
    void hashtagSearchIsServedByTheGinIndex() {
        jdbc.sql("""
                INSERT INTO tweets.tweets (id, author_id, content, hashtags)
                SELECT 9000000000000000000 + g, 1, 'filler', ARRAY['filler' || (g % 50)]
                  FROM generate_series(1, 3000) g
                ON CONFLICT DO NOTHING""").update();
        jdbc.sql("ANALYZE tweets.tweets").update();
        List<String> plan = transactions.execute(status -> {
            jdbc.sql("SET LOCAL enable_seqscan = off").update();
            return jdbc.sql("EXPLAIN " + TweetQueries.BY_HASHTAG)
                    .param("key", "java").param("before", Long.MAX_VALUE).param("limit", 21)
                    .query(String.class).list();
        });
        String text = String.join("\n", plan);
        assertThat(text).as(text).contains("Bitmap Index Scan on tweets_hashtags");
        assertThat(text).as(text).doesNotContain("Seq Scan");
    }

    private static String fullWidth(String ascii) {
        StringBuilder wide = new StringBuilder();
        ascii.chars().forEach(c -> wide.appendCodePoint(c >= '!' && c <= '~' ? c - '!' + 0xFF01 : c));
        return wide.toString();
    }
}
