package dev.twitterlike.notification;

import dev.twitterlike.tweetviews.TweetCache;
import org.springframework.beans.factory.annotation.Autowired;

import dev.twitterlike.devstack.ServiceClient.Response;
import dev.twitterlike.common.events.Topics;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The list, the unread count and marking read, over HTTP as the gateway calls them. */
class NotificationListTest extends NotificationTestSupport {

    @Autowired
    TweetCache tweetCache;


    @Test
    void pagesGoNewestFirstByCursorWithTheActorAndTheTweetHydrated() {
        long me = user();
        List<Long> followers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            long follower = user();
            followers.add(follower);
            publish(Topics.FOLLOW_NEW, follower, follow(follower, me));
        }
        long mentioner = user();
        long mention = tweet(mentioner, null, List.of(me));
        publish(Topics.TWEET_CREATED, mentioner, tweetCreated(mention, mentioner, null, null, List.of(me)));
        awaitCount(me, 5);

        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonNode page = getJson("/api/notifications?limit=2" + (cursor == null ? "" : "&cursor=" + cursor), me);
            assertThat(page.path("items").size()).isBetween(1, 2);
            seen.addAll(itemIds(page));
            cursor = page.path("nextCursor").isNull() ? null : page.path("nextCursor").asString();
            pages++;
        } while (cursor != null && pages < 10);
        assertThat(pages).isEqualTo(3);
        assertThat(seen).containsExactlyElementsOf(ids(me));

        JsonNode items = getJson("/api/notifications", me).path("items");
        JsonNode mentionItem = find(items, "mention");
        assertThat(mentionItem.path("id").isString()).isTrue();
        assertThat(mentionItem.path("read").asBoolean()).isFalse();
        assertThat(mentionItem.path("createdAt").asString()).isNotBlank();
        assertThat(mentionItem.path("actor").path("id").asString()).isEqualTo(Long.toString(mentioner));
        assertThat(mentionItem.path("actor").path("username").asString()).isEqualTo("n" + (mentioner % 1_000_000_000_000L));
        assertThat(mentionItem.path("actor").path("displayName").asString()).isEqualTo("User " + mentioner);
        assertThat(mentionItem.path("actor").path("avatarUrl").asString()).isEqualTo("/media/" + mentioner + ".png");
        JsonNode tweet = mentionItem.path("tweet");
        assertThat(tweet.path("id").asString()).isEqualTo(Long.toString(mention));
        assertThat(tweet.path("author").path("id").asString()).isEqualTo(Long.toString(mentioner));
        assertThat(tweet.path("content").asString()).isEqualTo("tweet " + mention);
        assertThat(tweet.path("mentions").get(0).path("id").asString()).isEqualTo(Long.toString(me));
        assertThat(tweet.path("hashtags").get(0).asString()).isEqualTo("notify");
        assertThat(tweet.has("likeCount") && tweet.has("retweetCount") && tweet.has("replyCount") && tweet.has("mediaUrls")).isTrue();
        JsonNode followItem = find(items, "follow");
        assertThat(followItem.has("tweet")).isTrue();
        assertThat(followItem.path("tweet").isNull()).as("a follow has no tweet").isTrue();
        assertThat(followItem.has("actors")).as("group fields only on likes and retweets").isFalse();

        // the mentioning tweet is deleted (as tweet-service commits it: the row, then the cached
        // tweet's tombstone) but its tweet.deleted event has not arrived yet: null
        fixtures.sql("UPDATE tweets.tweets SET deleted_at = now() WHERE id = ?").param(mention).update();
        tweetCache.deleteTweet(mention);
        assertThat(find(getJson("/api/notifications", me).path("items"), "mention").path("tweet").isNull()).isTrue();
    }

    @Test
    void likesAndRetweetsOfOneTweetAreGroupedAndEachStaysReachable() {
        long me = user();
        long popular = tweet(me);
        long quiet = tweet(me);
        List<Long> likers = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            long liker = user();
            likers.add(liker);
            publish(Topics.LIKE_CREATED, liker, engagement(liker, popular, me));
        }
        for (int i = 0; i < 2; i++) {
            long retweeter = user();
            publish(Topics.RETWEET_CREATED, retweeter, retweet(newId(), retweeter, popular, me));
        }
        long single = user();
        publish(Topics.LIKE_CREATED, single, engagement(single, quiet, me));
        long follower = user();
        publish(Topics.FOLLOW_NEW, follower, follow(follower, me));
        awaitCount(me, 9);

        JsonNode grouped = getJson("/api/notifications", me);
        assertThat(grouped.path("items").size()).isEqualTo(4);
        assertThat(grouped.path("nextCursor").isNull()).isTrue();
        JsonNode likes = group(grouped.path("items"), "like", popular);
        assertThat(likes.path("actorCount").asInt()).isEqualTo(5);
        assertThat(likes.path("actors").size()).isEqualTo(3);
        assertThat(likes.path("groupedIds").size()).isEqualTo(5);
        assertThat(likes.path("id").asString()).isEqualTo(likes.path("groupedIds").get(0).asString());
        assertThat(likes.path("actor").path("id").asString()).isEqualTo(likes.path("actors").get(0).path("id").asString());
        assertThat(likes.path("tweet").path("id").asString()).isEqualTo(Long.toString(popular));
        assertThat(group(grouped.path("items"), "retweet", popular).path("actorCount").asInt()).isEqualTo(2);
        JsonNode alone = group(grouped.path("items"), "like", quiet);
        assertThat(alone.path("actorCount").asInt()).isEqualTo(1);
        assertThat(alone.path("groupedIds").get(0).asString()).isEqualTo(alone.path("id").asString());
        assertThat(find(grouped.path("items"), "follow").has("groupedIds")).isFalse();
        List<String> itemOrder = itemIds(grouped);
        assertThat(itemOrder).as("items by their newest notification").isSortedAccordingTo(
                (a, b) -> Long.compare(Long.parseLong(b), Long.parseLong(a)));

        JsonNode flat = getJson("/api/notifications?grouped=false&limit=100", me);
        assertThat(itemIds(flat)).containsExactlyElementsOf(ids(me));
        assertThat(flat.path("items").get(0).has("groupedIds")).isFalse();

        // paging grouped, one item a page: every notification is covered exactly once
        List<String> covered = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonNode page = getJson("/api/notifications?limit=1" + (cursor == null ? "" : "&cursor=" + cursor), me);
            assertThat(page.path("items").size()).isEqualTo(1);
            JsonNode item = page.path("items").get(0);
            if (item.has("groupedIds")) {
                item.path("groupedIds").forEach(id -> covered.add(id.asString()));
            } else {
                covered.add(item.path("id").asString());
            }
            cursor = page.path("nextCursor").isNull() ? null : page.path("nextCursor").asString();
            pages++;
        } while (cursor != null && pages < 20);
        assertThat(covered).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(ids(me));
        Set<String> likerIds = new HashSet<>();
        likes.path("actors").forEach(a -> likerIds.add(a.path("id").asString()));
        assertThat(likers.stream().map(String::valueOf).toList()).containsAll(likerIds);
    }

    @Test
    void theUnreadCountFallsAsNotificationsAreMarkedReadUpToAnIdOrAll() {
        long me = user();
        for (int i = 0; i < 3; i++) {
            long follower = user();
            publish(Topics.FOLLOW_NEW, follower, follow(follower, me));
        }
        awaitCount(me, 3);
        assertThat(getJson("/api/notifications/unread-count", me).path("count").asLong()).isEqualTo(3);
        List<String> ids = ids(me);

        Response upTo = client.post("/api/notifications/read", me, "{\"upTo\":\"" + ids.get(1) + "\"}");
        assertThat(upTo.status()).isEqualTo(204);
        assertThat(getJson("/api/notifications/unread-count", me).path("count").asLong()).isEqualTo(1);
        JsonNode items = getJson("/api/notifications", me).path("items");
        assertThat(items.get(0).path("read").asBoolean()).isFalse();
        assertThat(items.get(1).path("read").asBoolean()).isTrue();
        assertThat(items.get(2).path("read").asBoolean()).isTrue();

        assertThat(client.post("/api/notifications/read", me, null).status()).as("no body: all").isEqualTo(204);
        assertThat(getJson("/api/notifications/unread-count", me).path("count").asLong()).isZero();
        assertThat(client.post("/api/notifications/read", me, "{}").status()).isEqualTo(204);

        long someoneElse = user();
        publish(Topics.FOLLOW_NEW, someoneElse, follow(someoneElse, me));
        awaitCount(me, 4);
        assertThat(getJson("/api/notifications/unread-count", me).path("count").asLong()).isEqualTo(1);
        assertThat(getJson("/api/notifications/unread-count", someoneElse).path("count").asLong()).isZero();
    }

    @Test
    void badInputIsA400ProblemAndNeverA500() {
        long me = user();
        Map<String, Response> bad = new java.util.LinkedHashMap<>();
        bad.put("cursor=abc", client.get("/api/notifications?cursor=abc", me));
        bad.put("cursor=-1", client.get("/api/notifications?cursor=-1", me));
        bad.put("cursor=99999999999999999999", client.get("/api/notifications?cursor=99999999999999999999", me));
        bad.put("limit=0", client.get("/api/notifications?limit=0", me));
        bad.put("limit=101", client.get("/api/notifications?limit=101", me));
        bad.put("limit=abc", client.get("/api/notifications?limit=abc", me));
        bad.put("grouped=maybe", client.get("/api/notifications?grouped=maybe", me));
        bad.put("upTo=abc", client.post("/api/notifications/read", me, "{\"upTo\":\"abc\"}"));
        bad.put("upTo=-3", client.post("/api/notifications/read", me, "{\"upTo\":\"-3\"}"));
        bad.put("upTo=object", client.post("/api/notifications/read", me, "{\"upTo\":{}}"));
        bad.put("malformed JSON", client.post("/api/notifications/read", me, "{\"upTo\":"));
        bad.forEach((what, response) -> {
            assertThat(response.status()).as(what + ": " + response.text()).isEqualTo(400);
            assertThat(response.headers().firstValue("Content-Type")).as(what)
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(response.body().path("status").asInt()).as(what).isEqualTo(400);
        });
        assertThat(bad.get("cursor=abc").body().path("errors").path("cursor").asString()).isEqualTo("must be an id");
        assertThat(bad.get("upTo=abc").body().path("errors").path("upTo").asString()).isEqualTo("must be an id");

        Response badLastEventId = client.call("GET", STREAM, null, me, Map.of("Last-Event-ID", "yesterday"));
        assertThat(badLastEventId.status()).isEqualTo(400);
        assertThat(badLastEventId.text()).contains("Last-Event-ID");

        assertThat(client.get("/api/notifications", null).status()).isEqualTo(401);
        assertThat(client.get("/api/notifications/unread-count", null).status()).isEqualTo(401);
        assertThat(client.post("/api/notifications/read", null, null).status()).isEqualTo(401);
    }

    private static JsonNode find(JsonNode items, String type) {
        for (JsonNode item : items) {
            if (type.equals(item.path("type").asString())) {
                return item;
            }
        }
        throw new AssertionError("no " + type + " in " + items);
    }

    private static JsonNode group(JsonNode items, String type, long tweetId) {
        for (JsonNode item : items) {
            if (type.equals(item.path("type").asString()) && Long.toString(tweetId).equals(item.path("tweet").path("id").asString())) {
                return item;
            }
        }
        throw new AssertionError("no " + type + " of " + tweetId + " in " + items);
    }
}
