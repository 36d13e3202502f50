package dev.twitterlike.notification.stream;

import dev.twitterlike.common.resilience.Breakers;
import dev.twitterlike.common.web.LiveStreams;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.springframework.boot.task.SimpleAsyncTaskExecutorBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.listener.PatternTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;

import java.time.Duration;

@Configuration(proxyBeanMethods = false)
class StreamConfiguration {

    /** The hub of the notification streams this instance holds ({@link NotificationStream} says what goes to whom). */
    @Bean
    LiveStreams<NotificationStream.OpenStream> notificationStreams(LiveStreams.Limits limits) {
        return new LiveStreams<>(limits);
    }

    /**
     * Every instance hears every recipient's channel and keeps what it holds streams for: one
     * subscription per instance, set up before the instance serves (the container waits for it
     * on start), instead of a subscribe per connecting user that could race the first message.
     * Messages are handled off the subscription thread (virtual threads when enabled), at most
     * 64 at once, each reading PostgreSQL only when a stream of its recipient is here.
     */
    @Bean
    RedisMessageListenerContainer liveNotificationsListener(RedisConnectionFactory redis, LiveRelay relay,
            SimpleAsyncTaskExecutorBuilder executors) {
        RedisMessageListenerContainer container = new RedisMessageListenerContainer();
        container.setConnectionFactory(redis);
        container.setTaskExecutor(executors.threadNamePrefix("live-notifications-").concurrencyLimit(64).build());
        container.addMessageListener(relay, new PatternTopic(LiveRelay.CHANNEL_PREFIX + "*"));
        return container;
    }

    /**
     * After 5 failed publishes in a row, stop trying for 30 s: the Kafka consumer is not held
     * up by Valkey's timeouts while it is away. Exported as
     * {@code resilience4j_circuitbreaker_state{name="redis-notifications"}}.
     */
    @Bean
    CircuitBreaker redisNotificationsBreaker(Breakers breakers) {
        return breakers.consecutiveFailures("redis-notifications", 5, Duration.ofSeconds(30));
    }
}
