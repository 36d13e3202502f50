package dev.twitterlike.common.events;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DefaultErrorHandler;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Kafka as every service uses it, declared once: the topics ({@link Topics#ALL}, each with
 * {@link Topics#PARTITIONS} partitions and its one-partition {@code <topic>.dlt}) and the
 * listener containers' error handling ({@link ConsumerErrors}), which Spring Boot puts on the
 * listener container factory. {@code twitter.events.replication-factor} is each partition's
 * number of copies: 1 on the local single broker (the default), the cluster's on a Kafka of
 * several brokers (the Helm chart's {@code kafka.replicationFactor}, deploy/README.md; 3 with
 * {@code scripts/run.sh} in cluster mode). Every producer waits for all in-sync replicas
 * ({@code acks=all}) and is idempotent ({@link #PRODUCER_GUARANTEES}), whatever a service's own
 * configuration says: with {@code min.insync.replicas} 2 an acknowledged event is on two brokers,
 * and a retried send is not written twice.
 */
@AutoConfiguration(afterName = "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration")
@ConditionalOnClass(KafkaTemplate.class)
public class EventsAutoConfiguration {

    /** What every producer of the suite runs with (set over the services' own spring.kafka.producer.*). */
    static final Map<String, Object> PRODUCER_GUARANTEES = Map.of(
            ProducerConfig.ACKS_CONFIG, "all",
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);

    @Bean
    DefaultKafkaProducerFactoryCustomizer acknowledgedByAllInSyncReplicas() {
        return factory -> factory.updateConfigs(PRODUCER_GUARANTEES);
    }

    @Bean
    KafkaAdmin.NewTopics eventTopics(Environment env) {
        return new KafkaAdmin.NewTopics(topics(replicationFactor(env)).toArray(NewTopic[]::new));
    }

    /** Every event topic and its dead-letter topic, each partition with that many copies. */
    static List<NewTopic> topics(int replicationFactor) {
        List<NewTopic> topics = new ArrayList<>();
        for (String topic : Topics.ALL) {
            topics.add(TopicBuilder.name(topic).partitions(Topics.PARTITIONS).replicas(replicationFactor).build());
            topics.add(TopicBuilder.name(Topics.deadLetter(topic)).partitions(1).replicas(replicationFactor).build());
        }
        return topics;
    }

    static int replicationFactor(Environment env) {
        return env.getProperty("twitter.events.replication-factor", Integer.class, 1);
    }

    @Bean
    @ConditionalOnMissingBean(CommonErrorHandler.class)
    DefaultErrorHandler kafkaErrorHandler(KafkaTemplate<Object, Object> template) {
        return ConsumerErrors.retryThenDeadLetter(template);
    }
}
