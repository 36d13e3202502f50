package dev.twitterlike.common.events;

import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DefaultErrorHandler;

import java.util.ArrayList;
import java.util.List;

/**
 * Kafka as every service uses it, declared once: the topics ({@link Topics#ALL}, each with
 * {@link Topics#PARTITIONS} partitions and its one-partition {@code <topic>.dlt}) and the
 * listener containers' error handling ({@link ConsumerErrors}), which Spring Boot puts on the
 * listener container factory.
 */
@AutoConfiguration(afterName = "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration")
@ConditionalOnClass(KafkaTemplate.class)
public class EventsAutoConfiguration {

    @Bean
    KafkaAdmin.NewTopics eventTopics() {
        List<NewTopic> topics = new ArrayList<>();
        for (String topic : Topics.ALL) {
            topics.add(TopicBuilder.name(topic).partitions(Topics.PARTITIONS).replicas(1).build());
            topics.add(TopicBuilder.name(Topics.deadLetter(topic)).partitions(1).replicas(1).build());
        }
        return new KafkaAdmin.NewTopics(topics.toArray(NewTopic[]::new));
    }

    @Bean
    @ConditionalOnMissingBean(CommonErrorHandler.class)
    DefaultErrorHandler kafkaErrorHandler(KafkaTemplate<Object, Object> template) {
        return ConsumerErrors.retryThenDeadLetter(template);
    }
}
