package dev.twitterlike.graph;

import dev.twitterlike.common.events.EventEnvelope;
import dev.twitterlike.common.events.Topics;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.core.KafkaTemplate;

import java.time.Duration;
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
}
