package dev.twitterlike.fanout;

import dev.twitterlike.common.timeline.TimelineStore;
import dev.twitterlike.common.events.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code twitter_fanout_queue_depth} counts the events the fanout listeners have not processed yet. */
class QueueDepthTest extends FanoutIntegrationTest {

    @Autowired
    KafkaListenerEndpointRegistry listeners;
    @Autowired
    MeterRegistry meters;

    private double depth() {
        return meters.get("twitter.fanout.queue.depth").gauge().value();
    }

    @Test
    void eventsWaitingForAStoppedListenerShowAsQueueDepthAndDrainWhenItRuns() {
        MessageListenerContainer tweets = listeners.getListenerContainer("fanout-tweets");
        long author = users(1).get(0);
        // one event of this author processed first: the group has an offset on the author's partition
        long first = tweet(author);
        publish(Topics.TWEET_CREATED, author, tweetCreated(first, author));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                redis.opsForList().range(dev.twitterlike.common.timeline.TimelineStore.recentKey(author), 0, -1)).isNotEmpty());
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(depth()).isZero());
        tweets.stop();
        try {
            for (int i = 0; i < 3; i++) {
                long tweet = tweet(author);
                publish(Topics.TWEET_CREATED, author, tweetCreated(tweet, author));
            }
            // measured every 5 s
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(depth()).isGreaterThanOrEqualTo(3));
        } finally {
            tweets.start();
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(depth()).isZero());
    }
}
