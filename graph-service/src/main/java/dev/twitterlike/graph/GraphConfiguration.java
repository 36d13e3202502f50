package dev.twitterlike.graph;

import dev.twitterlike.common.events.ConsumerErrors;
import dev.twitterlike.common.events.Topics;
import org.springframework.kafka.listener.DefaultErrorHandler;
import dev.twitterlike.common.ids.Snowflake;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;


@Configuration(proxyBeanMethods = false)
class GraphConfiguration {

    @Bean
    Snowflake snowflake(GraphProperties properties) {
        return new Snowflake(properties.workerId());
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return new BCryptPasswordEncoder(10);
    }

    /** The topics this service owns, declared so they exist with enough partitions before anyone produces. */
    @Bean
    KafkaAdmin.NewTopics graphTopics() {
        return new KafkaAdmin.NewTopics(
                topic(Topics.FOLLOW_NEW), topic(Topics.FOLLOW_REMOVED), topic(Topics.USER_UPDATED), topic(Topics.SESSION_ENDED),
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

}
