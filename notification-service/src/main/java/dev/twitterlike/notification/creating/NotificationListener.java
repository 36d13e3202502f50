package dev.twitterlike.notification.creating;

import dev.twitterlike.common.events.Topics;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Reads the events notifications are made from and undone by. Tolerant reader: takes the few
 * envelope and payload fields it needs (ids as JSON numbers or strings) and ignores the rest.
 * One consumer group for all instances, so each event is acted on once; failures are retried
 * with back-off by the container's error handler, unreadable records go to {@code <topic>.dlt}.
 */
@Component
class NotificationListener {

    private final Notifier notifier;
    private final JsonMapper json;

    NotificationListener(Notifier notifier, JsonMapper json) {
        this.notifier = notifier;
        this.json = json;
    }

    @KafkaListener(id = "notifications", topics = {Topics.TWEET_CREATED, Topics.TWEET_DELETED, Topics.LIKE_CREATED,
            Topics.LIKE_REMOVED, Topics.RETWEET_CREATED, Topics.RETWEET_REMOVED, Topics.FOLLOW_NEW, Topics.FOLLOW_REMOVED},
            concurrency = "${twitter.notifications.listener-concurrency}")
    void onEvent(String value) {
        JsonNode event = json.readTree(value);
        JsonNode payload = event.required("payload");
        Cause cause = new Cause(UUID.fromString(event.required("eventId").asString()), occurredAt(event.path("occurredAt")));
        switch (event.required("type").asString()) {
            case Topics.TWEET_CREATED -> notifier.tweetCreated(cause, id(payload, "id"), id(payload, "authorId"),
                    ids(payload.path("mentions")), optionalId(payload, "replyTo"), optionalId(payload, "replyToAuthorId"));
            case Topics.TWEET_DELETED -> notifier.tweetDeleted(id(payload, "id"));
            case Topics.LIKE_CREATED -> notifier.liked(cause, id(payload, "userId"), id(payload, "tweetId"),
                    id(payload, "tweetAuthorId"));
            case Topics.LIKE_REMOVED -> notifier.unliked(cause, id(payload, "userId"), id(payload, "tweetId"));
            case Topics.RETWEET_CREATED -> notifier.retweeted(cause, id(payload, "userId"), id(payload, "tweetId"),
                    id(payload, "tweetAuthorId"));
            case Topics.RETWEET_REMOVED -> notifier.unretweeted(cause, id(payload, "userId"), id(payload, "tweetId"));
            case Topics.FOLLOW_NEW -> notifier.followed(cause, id(payload, "followerId"), id(payload, "followeeId"));
            case Topics.FOLLOW_REMOVED -> notifier.unfollowed(cause, id(payload, "followerId"), id(payload, "followeeId"));
            default -> { }
        }
    }

    /** Ids arrive as JSON numbers or strings; both are read exactly (no double rounding). */
    private static long id(JsonNode payload, String field) {
        return id(payload.required(field));
    }

    private static Long optionalId(JsonNode payload, String field) {
        JsonNode node = payload.path(field);
        return node.isMissingNode() || node.isNull() ? null : id(node);
    }

    private static long id(JsonNode node) {
        if (node.isString()) {
            return Long.parseLong(node.asString());
        }
        if (!node.isIntegralNumber()) {
            throw new IllegalArgumentException("not an id: " + node);
        }
        return node.longValue();
    }

    private static List<Long> ids(JsonNode array) {
        List<Long> ids = new ArrayList<>();
        array.forEach(node -> ids.add(id(node)));
        return ids;
    }

    /**
     * ISO-8601 as this system's Jackson writes it; decimal epoch seconds as Jackson 2 with
     * timestamps does. An envelope without a time is taken as happening now.
     */
    private static Instant occurredAt(JsonNode node) {
        if (node.isString()) {
            try {
                return Instant.parse(node.asString());
            } catch (DateTimeParseException e) {
                // not retryable: the record goes to the dead-letter topic
                throw new IllegalArgumentException("occurredAt is not a time: " + node, e);
            }
        }
        if (node.isNumber()) {
            BigDecimal seconds = node.decimalValue();
            return Instant.ofEpochSecond(seconds.longValue(), seconds.remainder(BigDecimal.ONE).movePointRight(9).longValue());
        }
        return Instant.now();
    }
}
