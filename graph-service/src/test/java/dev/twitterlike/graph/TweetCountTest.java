package dev.twitterlike.graph;

import dev.twitterlike.common.events.EventEnvelope;
import dev.twitterlike.common.events.Topics;
import dev.twitterlike.devstack.DeadLetters;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.core.KafkaTemplate;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class TweetCountTest extends GraphIntegrationTest {

    @Autowired
    KafkaTemplate<String, String> kafka;

    @Test
    void tweetCountFollowsTweetEventsAndCountsARedeliveryOnce() {
        long author = insertUsers(1).get(0);
        EventEnvelope<Map<String, Object>> created = EventEnvelope.of(Topics.TWEET_CREATED, author, Map.of("id", 1, "authorId", author));
        EventEnvelope<Map<String, Object>> second = EventEnvelope.of(Topics.TWEET_CREATED, author, Map.of("id", 2, "authorId", author));
        EventEnvelope<Map<String, Object>> deleted = EventEnvelope.of(Topics.TWEET_DELETED, author, Map.of("id", 1, "authorId", author));
        send(created);
        send(created);
        send(second);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(user(author).path("tweetCount").asInt()).isEqualTo(2));
        send(deleted);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(user(author).path("tweetCount").asInt()).isEqualTo(1));
    }

    private void send(EventEnvelope<?> event) {
        kafka.send(event.type(), event.key(), JSON.writeValueAsString(event)).join();
    }


    @Test
    void anEventWithAMissingOrNonNumericAuthorIdGoesToTheDeadLetterTopicAndCountsNothing() {
        long author = insertUsers(1).get(0);
        EventEnvelope<Map<String, Object>> noAuthor = EventEnvelope.of(Topics.TWEET_CREATED, author, Map.of("id", 3));
        EventEnvelope<Map<String, Object>> wordAuthor = EventEnvelope.of(Topics.TWEET_CREATED, author, Map.of("id", 4, "authorId", "me"));
        Map<String, Object> nullPayload = new HashMap<>(Map.of("id", 6));
        nullPayload.put("authorId", null);
        EventEnvelope<Map<String, Object>> nullAuthor = EventEnvelope.of(Topics.TWEET_CREATED, author, nullPayload);
        send(noAuthor);
        send(wordAuthor);
        send(nullAuthor);
        send(EventEnvelope.of(Topics.TWEET_CREATED, author, Map.of("id", 5, "authorId", author)));

        DeadLetters.await(Topics.TWEET_CREATED, JSON.writeValueAsString(noAuthor), "graph-tweet-counts", Duration.ofSeconds(60));
        DeadLetters.await(Topics.TWEET_CREATED, JSON.writeValueAsString(wordAuthor), "graph-tweet-counts", Duration.ofSeconds(60));
        DeadLetters.await(Topics.TWEET_CREATED, JSON.writeValueAsString(nullAuthor), "graph-tweet-counts", Duration.ofSeconds(60));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(user(author).path("tweetCount").asInt()).isEqualTo(1));
        assertThat(jdbc.sql("SELECT count(*) FROM graph.processed_events WHERE event_id IN (?, ?, ?)")
                .params(noAuthor.eventId(), wordAuthor.eventId(), nullAuthor.eventId()).query(Long.class).single())
                .as("the dead letters were not recorded as processed").isZero();
    }
}
