package dev.twitterlike.notification;

import dev.twitterlike.common.events.ConsumerErrors;
import dev.twitterlike.common.events.Topics;
import dev.twitterlike.common.ids.Snowflake;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DefaultErrorHandler;

import java.util.ArrayList;
import java.util.List;

@Configuration(proxyBeanMethods = false)
class NotificationConfiguration {

    /** The topics notifications are made from (and undone by). */
    static final List<String> CONSUMED = List.of(Topics.TWEET_CREATED, Topics.TWEET_DELETED, Topics.LIKE_CREATED,
            Topics.LIKE_REMOVED, Topics.RETWEET_CREATED, Topics.RETWEET_REMOVED, Topics.FOLLOW_NEW, Topics.FOLLOW_REMOVED);

    @Bean
    Snowflake snowflake(NotificationProperties properties) {
        return new Snowflake(properties.workerId());
    }

    /**
     * The topics this service reads, declared here as well as by their producers: whichever
     * starts first creates them, so the listener never subscribes to a topic that does not exist
     * yet. Same partition counts as the producers declare, plus the dead-letter topics.
     */
    @Bean
    KafkaAdmin.NewTopics consumedTopics() {
        List<NewTopic> topics = new ArrayList<>();
        List<String> read = new ArrayList<>(CONSUMED);
        read.add(Topics.SESSION_ENDED); // by every instance, to end the streams of a signed-out user
        for (String topic : read) {
            topics.add(TopicBuilder.name(topic).partitions(6).replicas(1).build());
            topics.add(TopicBuilder.name(Topics.deadLetter(topic)).partitions(1).replicas(1).build());
        }
        return new KafkaAdmin.NewTopics(topics.toArray(NewTopic[]::new));
    }

    @Bean
    DefaultErrorHandler kafkaErrorHandler(KafkaTemplate<Object, Object> template) {
        return ConsumerErrors.retryThenDeadLetter(template);
    }
}
