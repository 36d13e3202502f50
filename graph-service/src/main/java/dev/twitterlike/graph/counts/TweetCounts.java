package dev.twitterlike.graph.counts;

import dev.twitterlike.common.events.Topics;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.UUID;

/**
 * Keeps the User object's {@code tweetCount} from tweet-service's events: +1 per
 * {@code tweet.created}, -1 per {@code tweet.deleted}, each event applied once (its id is
 * recorded in the same transaction as the count).
 */
@Component
class TweetCounts {

    private final JdbcClient jdbc;
    private final JsonMapper json;

    TweetCounts(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @KafkaListener(id = "graph-tweet-counts", groupId = "graph-tweet-counts", topics = {Topics.TWEET_CREATED, Topics.TWEET_DELETED})
    @Transactional
    void onTweetEvent(String value) {
        JsonNode event = json.readTree(value);
        UUID eventId = UUID.fromString(event.required("eventId").asString());
        JsonNode author = event.required("payload").required("authorId");
        long authorId = author.isString() ? Long.parseLong(author.asString()) : author.asLong();
        int delta = Topics.TWEET_CREATED.equals(event.required("type").asString()) ? 1 : -1;
        int fresh = jdbc.sql("INSERT INTO graph.processed_events (event_id) VALUES (?) ON CONFLICT DO NOTHING")
                .param(eventId).update();
        if (fresh == 1) {
            jdbc.sql("UPDATE graph.users SET tweet_count = GREATEST(0, tweet_count + ?) WHERE id = ?").params(delta, authorId).update();
        }
    }
}
