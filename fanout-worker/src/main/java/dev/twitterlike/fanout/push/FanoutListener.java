package dev.twitterlike.fanout.push;

import dev.twitterlike.common.events.Topics;
import dev.twitterlike.common.timeline.TimelineEntry;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the events fanout acts on. Tolerant reader: takes the few payload fields it needs and
 * ignores the rest. Failures are retried with back-off by the container's error handler;
 * records that can never succeed (unreadable JSON) go to {@code <topic>.dlt}.
 */
@Component
class FanoutListener {

    private final Fanout fanout;
    private final JsonMapper json;

    FanoutListener(Fanout fanout, JsonMapper json) {
        this.fanout = fanout;
        this.json = json;
    }

    @KafkaListener(id = "fanout-tweets", topics = {Topics.TWEET_CREATED, Topics.TWEET_DELETED, Topics.RETWEET_CREATED,
            Topics.RETWEET_REMOVED}, concurrency = "${twitter.fanout.listener-concurrency}")
    void onTweetEvent(String value) {
        JsonNode event = json.readTree(value);
        JsonNode payload = event.required("payload");
        switch (event.required("type").asString()) {
            case Topics.TWEET_CREATED -> fanout.distribute(
                    TimelineEntry.tweet(id(payload, "id"), id(payload, "authorId")));
            case Topics.TWEET_DELETED -> fanout.retract(id(payload, "authorId"), id(payload, "id"));
            case Topics.RETWEET_CREATED -> fanout.distribute(
                    TimelineEntry.retweet(id(payload, "retweetId"), id(payload, "userId"), id(payload, "tweetId")));
            case Topics.RETWEET_REMOVED -> fanout.retract(id(payload, "userId"), id(payload, "retweetId"));
            default -> { }
        }
    }

    @KafkaListener(id = "fanout-follows", topics = {Topics.FOLLOW_NEW, Topics.FOLLOW_REMOVED},
            concurrency = "${twitter.fanout.listener-concurrency}")
    void onFollowEvent(String value) {
        JsonNode event = json.readTree(value);
        JsonNode payload = event.required("payload");
        long follower = id(payload, "followerId");
        long followee = id(payload, "followeeId");
        if (Topics.FOLLOW_NEW.equals(event.required("type").asString())) {
            fanout.backfill(follower, followee);
        } else {
            fanout.unmerge(follower, followee);
        }
    }

    /** Ids arrive as JSON numbers or strings; both are read exactly (no double rounding). */
    private static long id(JsonNode payload, String field) {
        JsonNode node = payload.required(field);
        return node.isString() ? Long.parseLong(node.asString()) : node.asLong();
    }
}
