package dev.twitterlike.fanout;

import dev.twitterlike.common.events.ConsumerErrors;
import dev.twitterlike.common.events.Topics;
import dev.twitterlike.common.resilience.Breakers;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import java.util.ArrayList;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DefaultErrorHandler;

import java.time.Duration;

@Configuration(proxyBeanMethods = false)
class FanoutConfiguration {

    /**
     * The design's fanout breaker: 5 failures in a row open it for 30 s. While open, writes fail
     * at once and the events wait in Kafka (the consumer retries them) instead of piling up here.
     */
    @Bean
    CircuitBreaker redisFanoutBreaker(MeterRegistry meters) {
        return Breakers.consecutiveFailures("redis-fanout", 5, Duration.ofSeconds(30), meters);
    }

    /**
     * The topics this worker reads, declared here as well as by their producers: whichever
     * starts first creates them, so a listener never subscribes to a topic that does not exist
     * yet (it would not see it until its next metadata refresh). Same partition counts as the
     * producers declare, plus the dead-letter topics.
     */
    @Bean
    KafkaAdmin.NewTopics consumedTopics() {
        List<NewTopic> topics = new ArrayList<>();
        for (String topic : List.of(Topics.TWEET_CREATED, Topics.TWEET_DELETED, Topics.RETWEET_CREATED,
                Topics.RETWEET_REMOVED, Topics.FOLLOW_NEW, Topics.FOLLOW_REMOVED)) {
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
