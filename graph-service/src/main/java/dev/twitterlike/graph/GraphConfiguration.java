package dev.twitterlike.graph;

import dev.twitterlike.common.events.ConsumerErrors;
import dev.twitterlike.common.events.Topics;
import org.springframework.kafka.listener.DefaultErrorHandler;
import dev.twitterlike.common.ids.Snowflake;
import dev.twitterlike.common.outbox.OutboxRelay;
import dev.twitterlike.common.outbox.OutboxWriter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;

@Configuration(proxyBeanMethods = false)
class GraphConfiguration {

    static final String OUTBOX = "graph.outbox";

    @Bean
    Snowflake snowflake(GraphProperties properties) {
        return new Snowflake(properties.workerId());
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return new BCryptPasswordEncoder(10);
    }

    @Bean
    OutboxWriter outboxWriter(JdbcClient jdbc, JsonMapper json, OutboxRelay relay) {
        return new OutboxWriter(jdbc, json, OUTBOX, relay::wake);
    }

    @Bean
    OutboxRelay outboxRelay(JdbcClient jdbc, TransactionTemplate transactions, KafkaTemplate<String, String> kafka,
            MeterRegistry meters) {
        return new OutboxRelay(jdbc, transactions, kafka, OUTBOX, 200, Duration.ofSeconds(5), Duration.ofSeconds(1), meters);
    }

    /** The topics this service owns, declared so they exist with enough partitions before anyone produces. */
    @Bean
    KafkaAdmin.NewTopics graphTopics() {
        return new KafkaAdmin.NewTopics(
                topic(Topics.FOLLOW_NEW), topic(Topics.FOLLOW_REMOVED), topic(Topics.USER_UPDATED),
                // read here for the tweet counts; declared so the listener never waits for them
                topic(Topics.TWEET_CREATED), topic(Topics.TWEET_DELETED));
    }

    private static NewTopic topic(String name) {
        return TopicBuilder.name(name).partitions(6).replicas(1).build();
    }

    @Bean
    DefaultErrorHandler kafkaErrorHandler(KafkaTemplate<Object, Object> template) {
        return ConsumerErrors.retryThenDeadLetter(template);
    }

    @Bean
    OutboxSchedule outboxSchedule(OutboxRelay relay) {
        return new OutboxSchedule(relay);
    }

    /** Purges what Kafka has had for a day. */
    static class OutboxSchedule {
        private final OutboxRelay relay;

        OutboxSchedule(OutboxRelay relay) {
            this.relay = relay;
        }

        @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT1M")
        void purge() {
            relay.purgePublished(Duration.ofDays(1));
        }
    }
}
