package dev.twitterlike.common.events;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The topics every service declares: each event topic and its dead-letter topic, with the configured copies of each partition. */
class EventsAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class, EventsAutoConfiguration.class));

    /**
     * What a producer made by the services' producer factory runs with: the factory's
     * configuration parsed as KafkaProducer parses it (defaults and the idempotence rules applied).
     * A service's own setting cannot weaken it.
     */
    @Test
    void everyProducerWaitsForAllInSyncReplicasAndIsIdempotent() {
        runner.withPropertyValues("spring.kafka.producer.acks=1", "spring.kafka.producer.properties.enable.idempotence=false")
                .run(context -> {
                    ProducerConfig config = new ProducerConfig(context.getBean(ProducerFactory.class).getConfigurationProperties());
                    assertThat(config.getString(ProducerConfig.ACKS_CONFIG)).isEqualTo("-1");
                    assertThat(config.getBoolean(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG)).isTrue();
                    assertThat(config.getInt(ProducerConfig.RETRIES_CONFIG)).isEqualTo(Integer.MAX_VALUE);
                    assertThat(config.getInt(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION)).isLessThanOrEqualTo(5);
                });
    }

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
