package dev.twitterlike.notification.stream;

import dev.twitterlike.notification.NotificationCreated;
import dev.twitterlike.notification.UnreadCountChanged;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.connection.Message;
import org.springframework.data.redis.connection.MessageListener;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Carries live changes between instances through Valkey pub/sub. The instance that committed a
 * notification (or a change of the unread count) publishes it on {@code notifications:<recipient>}
 * after the commit; every instance pattern-subscribes to {@code notifications:*} and hands the
 * message to the streams it holds for that recipient, if any. A message is only a pointer
 * (kind, id, time): the holding instance reads the notification from PostgreSQL, so Valkey
 * never carries more than that and nothing shown can be older than the database.
 *
 * <p>Publishing goes through the {@code redis-notifications} circuit breaker: with Valkey away,
 * notifications are still stored and listed, only live delivery pauses (a reconnect with
 * Last-Event-ID then replays them), and the Kafka consumer is not held up by Valkey's timeouts.
 */
@Component
class LiveRelay implements MessageListener {

    static final String CHANNEL_PREFIX = "notifications:";
    private static final Logger log = LoggerFactory.getLogger(LiveRelay.class);

    /** What travels on the channel. {@code id} and {@code occurredAt} only for kind "notification". */
    record LiveMessage(String kind, Long id, Instant occurredAt) {
        static final String NOTIFICATION = "notification";
        static final String UNREAD_COUNT = "unread-count";
    }

    private final StringRedisTemplate redis;
    private final JsonMapper json;
    private final NotificationStream stream;
    private final CircuitBreaker breaker;
    private final Counter failures;

    LiveRelay(StringRedisTemplate redis, JsonMapper json, NotificationStream stream, CircuitBreaker redisNotificationsBreaker,
            MeterRegistry meters) {
        this.redis = redis;
        this.json = json;
        this.stream = stream;
        this.breaker = redisNotificationsBreaker;
        this.failures = Counter.builder("twitter.notifications.live.publish.failures")
                .description("notifications stored but not announced live (Valkey unavailable)").register(meters);
    }

    @TransactionalEventListener(fallbackExecution = true)
    void onCreated(NotificationCreated created) {
        publish(created.recipientId(), new LiveMessage(LiveMessage.NOTIFICATION, created.id(), created.occurredAt()));
    }

    @TransactionalEventListener(fallbackExecution = true)
    void onCountChanged(UnreadCountChanged changed) {
        publish(changed.recipientId(), new LiveMessage(LiveMessage.UNREAD_COUNT, null, null));
    }

    @Override
    public void onMessage(Message message, byte[] pattern) {
        String channel = new String(message.getChannel(), StandardCharsets.UTF_8);
        long recipientId;
        LiveMessage live;
        try {
            recipientId = Long.parseLong(channel.substring(CHANNEL_PREFIX.length()));
            if (!stream.holds(recipientId)) {
                return;
            }
            live = json.readValue(message.getBody(), LiveMessage.class);
        } catch (RuntimeException e) {
            log.warn("unreadable live notification message on {}", channel, e);
            return;
        }
        if (LiveMessage.NOTIFICATION.equals(live.kind()) && live.id() != null) {
            stream.deliver(recipientId, live.id(), live.occurredAt() == null ? Instant.now() : live.occurredAt());
        } else if (LiveMessage.UNREAD_COUNT.equals(live.kind())) {
            stream.countChanged(recipientId);
        }
    }

    /** Never fails the caller: the change is committed already, only its live delivery is lost. */
    private void publish(long recipientId, LiveMessage message) {
        try {
            String body = json.writeValueAsString(message);
            breaker.executeRunnable(() -> redis.convertAndSend(CHANNEL_PREFIX + recipientId, body));
        } catch (CallNotPermittedException e) {
            failures.increment();
        } catch (RuntimeException e) {
            failures.increment();
            log.warn("could not publish a live notification for {}: {}", recipientId, e.toString());
        }
    }
}
