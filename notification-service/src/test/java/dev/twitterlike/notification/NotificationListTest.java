package dev.twitterlike.notification;

import dev.twitterlike.common.events.Topics;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The list, the unread count and marking read, over HTTP as the gateway calls them. */
class NotificationListTest extends NotificationTestSupport {

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

        // the mentioning tweet is deleted but its tweet.deleted event has not arrived yet: null
        fixtures.sql("UPDATE tweets.tweets SET deleted_at = now() WHERE id = ?").param(mention).update();
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

        HttpResponse<String> upTo = post("/api/notifications/read", me, "{\"upTo\":\"" + ids.get(1) + "\"}");
        assertThat(upTo.statusCode()).isEqualTo(204);
        assertThat(getJson("/api/notifications/unread-count", me).path("count").asLong()).isEqualTo(1);
        JsonNode items = getJson("/api/notifications", me).path("items");
        assertThat(items.get(0).path("read").asBoolean()).isFalse();
        assertThat(items.get(1).path("read").asBoolean()).isTrue();
        assertThat(items.get(2).path("read").asBoolean()).isTrue();

        assertThat(post("/api/notifications/read", me, null).statusCode()).as("no body: all").isEqualTo(204);
        assertThat(getJson("/api/notifications/unread-count", me).path("count").asLong()).isZero();
        assertThat(post("/api/notifications/read", me, "{}").statusCode()).isEqualTo(204);

        long someoneElse = user();
        publish(Topics.FOLLOW_NEW, someoneElse, follow(someoneElse, me));
        awaitCount(me, 4);
        assertThat(getJson("/api/notifications/unread-count", me).path("count").asLong()).isEqualTo(1);
        assertThat(getJson("/api/notifications/unread-count", someoneElse).path("count").asLong()).isZero();
    }

    @Test
    void badInputIsA400ProblemAndNeverA500() {
        long me = user();
        Map<String, HttpResponse<String>> bad = new java.util.LinkedHashMap<>();
        bad.put("cursor=abc", get("/api/notifications?cursor=abc", me));
        bad.put("cursor=-1", get("/api/notifications?cursor=-1", me));
        bad.put("cursor=99999999999999999999", get("/api/notifications?cursor=99999999999999999999", me));
        bad.put("limit=0", get("/api/notifications?limit=0", me));
        bad.put("limit=101", get("/api/notifications?limit=101", me));
        bad.put("limit=abc", get("/api/notifications?limit=abc", me));
        bad.put("grouped=maybe", get("/api/notifications?grouped=maybe", me));
        bad.put("upTo=abc", post("/api/notifications/read", me, "{\"upTo\":\"abc\"}"));
        bad.put("upTo=-3", post("/api/notifications/read", me, "{\"upTo\":\"-3\"}"));
        bad.put("upTo=object", post("/api/notifications/read", me, "{\"upTo\":{}}"));
        bad.put("malformed JSON", post("/api/notifications/read", me, "{\"upTo\":"));
        bad.forEach((what, response) -> {
            assertThat(response.statusCode()).as(what + ": " + response.body()).isEqualTo(400);
            assertThat(response.headers().firstValue("Content-Type")).as(what)
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(JSON.readTree(response.body()).path("status").asInt()).as(what).isEqualTo(400);
        });
        assertThat(JSON.readTree(bad.get("cursor=abc").body()).path("errors").path("cursor").asString()).isEqualTo("must be an id");
        assertThat(JSON.readTree(bad.get("upTo=abc").body()).path("errors").path("upTo").asString()).isEqualTo("must be an id");

        HttpResponse<String> badLastEventId = call("/api/notifications/stream", me, "Last-Event-ID", "yesterday");
        assertThat(badLastEventId.statusCode()).isEqualTo(400);
        assertThat(badLastEventId.body()).contains("Last-Event-ID");

        assertThat(get("/api/notifications", null).statusCode()).isEqualTo(401);
        assertThat(get("/api/notifications/unread-count", null).statusCode()).isEqualTo(401);
        assertThat(post("/api/notifications/read", null, null).statusCode()).isEqualTo(401);
    }

    private HttpResponse<String> call(String path, long userId, String header, String value) {
        try {
            return http.send(signed(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + path))
                    .header("Accept", "text/event-stream").header(header, value)
                    .timeout(java.time.Duration.ofSeconds(10)).build(), userId), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
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
