package dev.twitterlike.tweet;

import org.junit.jupiter.api.Order;
import dev.twitterlike.common.events.Topics;
import dev.twitterlike.devstack.DevStack;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@Order(Integer.MAX_VALUE)
class OutboxDeliveryTest extends TweetIntegrationTest {

    private static final List<String> TOPICS = List.of(Topics.TWEET_CREATED, Topics.TWEET_DELETED, Topics.LIKE_CREATED,
            Topics.LIKE_REMOVED, Topics.RETWEET_CREATED, Topics.RETWEET_REMOVED);

    @Test
    void writesSucceedWhileKafkaIsDownAndEveryEventArrivesExactlyOnceAfterItReturns() {
        long author = user();
        long fan = user();
        long[] tweet = new long[1];
        DevStack.get().restartKafka(() -> {
            tweet[0] = tweet(author, "posted while Kafka is away #outage");
            long reply = tweet(fan, Map.of("content", "me too", "replyTo", Long.toString(tweet[0])));
            assertThat(client.call("POST", "/api/tweets/" + tweet[0] + "/like", null, fan).status()).isEqualTo(200);
            assertThat(client.call("POST", "/api/tweets/" + tweet[0] + "/retweet", null, fan).status()).isEqualTo(200);
            assertThat(client.call("DELETE", "/api/tweets/" + tweet[0] + "/like", null, fan).status()).isEqualTo(200);
            assertThat(client.call("DELETE", "/api/tweets/" + tweet[0] + "/retweet", null, fan).status()).isEqualTo(200);
            assertThat(client.call("DELETE", "/api/tweets/" + reply, null, fan).status()).isEqualTo(204);
            assertThat(unpublished(author, fan)).isEqualTo(7);
        });

        List<ConsumerRecord<String, String>> received = consume(TOPICS, Set.of(Long.toString(author), Long.toString(fan)),
                records -> records.size() >= 7);

        Map<String, Long> perTopic = received.stream().collect(Collectors.groupingBy(ConsumerRecord::topic, Collectors.counting()));
        assertThat(perTopic).containsOnly(
                Map.entry(Topics.TWEET_CREATED, 2L), Map.entry(Topics.TWEET_DELETED, 1L),
                Map.entry(Topics.LIKE_CREATED, 1L), Map.entry(Topics.LIKE_REMOVED, 1L),
                Map.entry(Topics.RETWEET_CREATED, 1L), Map.entry(Topics.RETWEET_REMOVED, 1L));
        List<JsonNode> events = received.stream().map(r -> JSON.readTree(r.value())).toList();
        assertThat(events.stream().map(e -> e.path("eventId").asString()).distinct()).hasSize(7);
        Map<String, JsonNode> byType = events.stream().collect(Collectors.toMap(e -> e.path("type").asString(), Function.identity(), (a, b) -> a));
        assertThat(byType.get(Topics.LIKE_CREATED).path("payload").path("tweetId").asLong()).isEqualTo(tweet[0]);
        assertThat(byType.get(Topics.LIKE_CREATED).path("key").asString()).isEqualTo(Long.toString(fan));
        assertThat(received.stream().filter(r -> r.topic().equals(Topics.TWEET_CREATED)).map(ConsumerRecord::key))
                .containsExactlyInAnyOrder(Long.toString(author), Long.toString(fan));
        await().atMost(Duration.ofSeconds(10)).until(() -> unpublished(author, fan) == 0);
    }

    private int unpublished(long author, long fan) {
        return count("SELECT count(*) FROM tweets.outbox WHERE event_key IN (?, ?) AND published_at IS NULL",
                Long.toString(author), Long.toString(fan));
    }
}
