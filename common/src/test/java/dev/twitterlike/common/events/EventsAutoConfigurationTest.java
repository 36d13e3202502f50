package dev.twitterlike.common.events;

import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The topics every service declares: each event topic and its dead-letter topic, with the configured copies of each partition. */
class EventsAutoConfigurationTest {

    @Test
    void everyTopicHasOneCopyUnlessTheReplicationFactorIsSet() {
        StandardEnvironment env = new StandardEnvironment();
        assertThat(EventsAutoConfiguration.replicationFactor(env)).isEqualTo(1);
        // as the Helm chart sets it: TWITTER_EVENTS_REPLICATIONFACTOR
        env.getPropertySources().addFirst(new MapPropertySource("chart", Map.of("twitter.events.replication-factor", "3")));
        assertThat(EventsAutoConfiguration.replicationFactor(env)).isEqualTo(3);
    }

    @Test
    void everyEventTopicAndItsDeadLetterTopicHaveThoseCopies() {
        List<NewTopic> topics = EventsAutoConfiguration.topics(3);
        assertThat(topics).hasSize(2 * Topics.ALL.size());
        assertThat(topics).allSatisfy(t -> assertThat(t.replicationFactor()).isEqualTo((short) 3));
        assertThat(topics).filteredOn(t -> t.name().equals(Topics.TWEET_CREATED)).singleElement()
                .satisfies(t -> assertThat(t.numPartitions()).isEqualTo(Topics.PARTITIONS));
        assertThat(topics).filteredOn(t -> t.name().equals(Topics.deadLetter(Topics.TWEET_CREATED))).singleElement()
                .satisfies(t -> assertThat(t.numPartitions()).isEqualTo(1));
    }
}
