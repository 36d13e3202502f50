package dev.twitterlike.fanout;

import dev.twitterlike.common.events.Topics;
import dev.twitterlike.common.timeline.TimelineEntry;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two workers in one consumer group split the partitions between them, and together deliver
 * every tweet: the second worker is a second application context in this JVM, on the same
 * Kafka, Redis and PostgreSQL.
 */
@Order(Integer.MAX_VALUE - 1)
class TwoWorkersTest extends FanoutIntegrationTest {

    @Autowired
    KafkaListenerEndpointRegistry listeners;

    @Test
    void twoWorkersShareThePartitionsAndDeliverEverything() {
        try (ConfigurableApplicationContext second = new SpringApplicationBuilder(FanoutWorkerApplication.class)
                .run("--server.port=0", "--spring.main.banner-mode=off")) {
            KafkaListenerEndpointRegistry otherListeners = second.getBean(KafkaListenerEndpointRegistry.class);
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                Set<TopicPartition> mine = assigned(listeners);
                Set<TopicPartition> theirs = assigned(otherListeners);
                assertThat(mine).as("this worker has partitions").isNotEmpty();
                assertThat(theirs).as("the second worker has partitions").isNotEmpty();
                assertThat(mine).doesNotContainAnyElementsOf(theirs);
                assertThat(mine.stream().filter(tp -> tp.topic().equals(Topics.TWEET_CREATED)).count()
                        + theirs.stream().filter(tp -> tp.topic().equals(Topics.TWEET_CREATED)).count()).isEqualTo(6);
            });

            List<Long> authors = users(12);
            long fan = users(1).get(0);
            cacheTimeline(fan);
            List<String> expected = new ArrayList<>();
            for (long author : authors) {
                follow(fan, author);
                long tweet = tweet(author);
                publish(Topics.TWEET_CREATED, author, tweetCreated(tweet, author));
                expected.add(TimelineEntry.tweet(tweet, author).encode());
            }
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(timeline(fan)).containsAll(expected));
        }
    }

    private static Set<TopicPartition> assigned(KafkaListenerEndpointRegistry registry) {
        Set<TopicPartition> partitions = new HashSet<>();
        registry.getListenerContainers().forEach(container -> {
            Collection<TopicPartition> assigned = container.getAssignedPartitions();
            if (assigned != null) {
                partitions.addAll(assigned);
            }
        });
        return partitions;
    }
}
