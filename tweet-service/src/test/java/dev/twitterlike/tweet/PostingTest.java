package dev.twitterlike.tweet;

import dev.twitterlike.devstack.ServiceClient.Response;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PostingTest extends TweetIntegrationTest {

    @Autowired
    MeterRegistry meters;

    @Test
    void aTweetIsCreatedWithItsAuthorHashtagsMentionsAndEvent() {
        long author = user();
        String alice = uniqueName("Alice");
        long aliceId = insertUser(alice);
        double createdBefore = meters.counter("tweets.created").count();

        Response created = postTweet(author, Map.of("content",
                "  Hello @" + alice.toUpperCase() + " and @nobody_at_all_x! #Java #JAVA #Café #ｃａｆé #2024 a#b #️⃣ #日本語 mail me@" + alice + "  "));

        assertThat(created.status()).as(created.text()).isEqualTo(201);
        JsonNode tweet = created.body();
        String id = tweet.path("id").asString();
        assertThat(tweet.path("id").isString()).isTrue();
        assertThat(created.header("Location")).isEqualTo("/api/tweets/" + id);
        assertThat(tweet.path("content").asString()).startsWith("Hello @").endsWith(alice);
        assertThat(tweet.path("author").path("id").asString()).isEqualTo(Long.toString(author));
        assertThat(tweet.path("author").path("username").asString()).isNotBlank();
        assertThat(tweet.path("author").path("displayName").asString()).startsWith("Name of ");
        assertThat(tweet.path("author").has("avatarUrl")).isTrue();
        List<String> hashtags = new ArrayList<>();
        tweet.path("hashtags").forEach(h -> hashtags.add(h.asString()));
        assertThat(hashtags).containsExactly("java", "café", "日本語");
        assertThat(tweet.path("mentions")).hasSize(1);
        assertThat(tweet.path("mentions").get(0).path("id").asString()).isEqualTo(Long.toString(aliceId));
        assertThat(tweet.path("mentions").get(0).path("username").asString()).isEqualTo(alice);
        assertThat(tweet.path("mediaUrls")).isEmpty();
        assertThat(tweet.has("replyTo")).isTrue();
        assertThat(tweet.path("replyTo").isNull()).isTrue();
        assertThat(tweet.path("likeCount").asInt()).isZero();
        assertThat(tweet.path("retweetCount").asInt()).isZero();
        assertThat(tweet.path("replyCount").asInt()).isZero();
        assertThat(tweet.path("liked").asBoolean(true)).isFalse();
        assertThat(tweet.path("retweeted").asBoolean(true)).isFalse();
        assertThat(tweet.path("createdAt").asString()).endsWith("Z");

        assertThat(jdbc.sql("SELECT hashtags FROM tweets.tweets WHERE id = ?").param(Long.parseLong(id))
                .query((rs, n) -> List.of((String[]) rs.getArray(1).getArray())).single())
                .containsExactly("java", "café", "日本語");
        List<JsonNode> events = outbox("tweet.created", author);
        assertThat(events).hasSize(1);
        JsonNode event = events.get(0);
        assertThat(event.path("id").asLong()).isEqualTo(Long.parseLong(id));
        assertThat(event.path("authorId").asLong()).isEqualTo(author);
        assertThat(event.path("content").asString()).isEqualTo(tweet.path("content").asString());
        assertThat(event.path("mentions").get(0).asLong()).isEqualTo(aliceId);
        assertThat(event.path("hashtags")).hasSize(3);
        assertThat(event.path("replyTo").isNull()).isTrue();
        assertThat(event.path("createdAt").asString()).isNotBlank();
        assertThat(meters.counter("tweets.created").count()).isEqualTo(createdBefore + 1);
    }

    @Test
    void twoHundredEightyEmojiFitAndOneMoreDoesNot() {
        long author = user();
        String emoji = "\uD83D\uDE00"; // one code point, two UTF-16 units
        assertThat(postTweet(author, Map.of("content", emoji.repeat(280))).status()).isEqualTo(201);
        Response tooLong = postTweet(author, Map.of("content", emoji.repeat(281)));
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.contentType()).startsWith("application/problem+json");
        assertThat(tooLong.body().path("errors").path("content").asString()).contains("280");
        assertThat(count("SELECT count(*) FROM tweets.tweets WHERE author_id = ?", author)).isEqualTo(1);
    }

    @Test
    void lengthIsCountedAfterNfcNormalisation() {
        long author = user();
        // "é" as e + combining acute: 560 code points as sent, 280 once composed
        Response composed = postTweet(author, Map.of("content", "e\u0301".repeat(280)));
        assertThat(composed.status()).isEqualTo(201);
        assertThat(composed.body().path("content").asString()).isEqualTo("\u00e9".repeat(280));
        assertThat(postTweet(author, Map.of("content", "e\u0301".repeat(281))).status()).isEqualTo(400);
    }

    @Test
    void blankContentIsRefused() {
        long author = user();
        for (String blank : List.of("", "   ", "\n\t ", "\u200B\u00A0\u200D")) {
            Response refused = postTweet(author, Map.of("content", blank));
            assertThat(refused.status()).as("'%s'", blank).isEqualTo(400);
            assertThat(refused.body().path("errors").has("content")).isTrue();
        }
        Response missing = client.call("POST", "/api/tweets", "{}", author);
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.body().path("errors").path("content").asString()).isEqualTo("is required");
        assertThat(count("SELECT count(*) FROM tweets.tweets WHERE author_id = ?", author)).isZero();
    }

    @Test
    void atMostTenHashtagsAreKept() {
        long author = user();
        StringBuilder content = new StringBuilder();
        for (int i = 1; i <= 12; i++) {
            content.append("#tag").append(i).append(' ');
        }
        Response created = postTweet(author, Map.of("content", content.toString()));
        assertThat(created.body().path("hashtags")).hasSize(10);
        assertThat(created.body().path("hashtags").get(9).asString()).isEqualTo("tag10");
    }

    @Test
    void aReplyMovesItsParentsReplyCountAndNamesTheParentsAuthor() {
        long parentAuthor = user();
        long replier = user();
        long parent = tweet(parentAuthor, "parent");
        Response reply = postTweet(replier, Map.of("content", "a reply", "replyTo", Long.toString(parent)));
        assertThat(reply.status()).isEqualTo(201);
        assertThat(reply.body().path("replyTo").asString()).isEqualTo(Long.toString(parent));
        assertThat(client.get("/api/tweets/" + parent, null).body().path("replyCount").asInt()).isEqualTo(1);
        JsonNode event = outbox("tweet.created", replier).get(0);
        assertThat(event.path("replyTo").asLong()).isEqualTo(parent);
        assertThat(event.path("replyToAuthorId").asLong()).isEqualTo(parentAuthor);
    }

    @Test
    void aReplyToAMissingOrDeletedTweetIsRefused() {
        long author = user();
        Response missing = postTweet(author, Map.of("content", "reply", "replyTo", "12345"));
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.body().path("errors").has("replyTo")).isTrue();
        long parent = tweet(author, "soon gone");
        assertThat(client.call("DELETE", "/api/tweets/" + parent, null, author).status()).isEqualTo(204);
        assertThat(postTweet(author, Map.of("content", "reply", "replyTo", Long.toString(parent))).status()).isEqualTo(400);
        assertThat(count("SELECT reply_count FROM tweets.tweets WHERE id = ?", parent)).isZero();
    }

    @Test
    void postingNeedsAGenuineIdentity() {
        assertThat(client.call("POST", "/api/tweets", Map.of("content", "hi"), null).status()).isEqualTo(401);
        assertThat(client.call("POST", "/api/tweets", Map.of("content", "hi"), null,
                Map.of("X-User-Id", "42", "X-User-Signature", "1700000000.forged")).status()).isEqualTo(401);
        // signed, but not a user graph-service knows
        assertThat(client.call("POST", "/api/tweets", Map.of("content", "hi"), 4242L).status()).isEqualTo(401);
    }

    @Test
    void metricsShowTweetsCreatedOutboxBacklogAndIdempotencyReplays() {
        long author = user();
        Map<String, Object> body = Map.of("content", "counted");
        client.call("POST", "/api/tweets", body, author, Map.of("Idempotency-Key", "metric-key"));
        client.call("POST", "/api/tweets", body, author, Map.of("Idempotency-Key", "metric-key"));
        String metrics = client.call("GET", "/actuator/prometheus", null, null).text();
        // Prometheus reserves the _created suffix (a counter's creation time): the Micrometer
        // counter tweets.created is exported as tweets_total
        assertThat(metrics).contains("tweets_total{").contains("outbox_pending{")
                .containsPattern("idempotency_replayed_total\\{[^}]*} [1-9]");
    }
}
