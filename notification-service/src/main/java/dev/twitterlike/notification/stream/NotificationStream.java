package dev.twitterlike.notification.stream;

import dev.twitterlike.common.events.Topics;
import dev.twitterlike.common.web.LiveStreams;
import dev.twitterlike.notification.NotificationProperties;
import dev.twitterlike.notification.reading.NotificationReader;
import dev.twitterlike.notification.reading.NotificationView;
import dev.twitterlike.notification.reading.UnreadCount;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * {@code GET /api/notifications/stream}: the streams this instance holds. Each gets
 * {@code notification} events (id = the notification's id, data = the Notification object) and
 * {@code unread-count} events ({@code {count}}, carrying the id of the last notification sent,
 * so it never moves a client's Last-Event-ID), and a comment heartbeat. New notifications reach
 * it from whichever instance made them through Valkey pub/sub ({@link LiveRelay}).
 *
 * <p>On connect the stream sends the unread count; with {@code Last-Event-ID} it first replays,
 * oldest first, what the client missed, from PostgreSQL. A notification made during the replay
 * may arrive twice; clients keep notifications by id.
 *
 * <p>Streams are held in the hub ({@link LiveStreams}, the {@code notificationStreams} bean),
 * with the lifecycle and limits every stream shares (streams per user and per instance, a
 * lifetime after which the client reconnects, heartbeats, the end of all streams before
 * shutdown), and end at once when one of their user's sessions ends ({@code session.ended},
 * read by every instance).
 */
@Component
public class NotificationStream {

    private final LiveStreams<OpenStream> streams;
    private final NotificationReader reader;
    private final NotificationProperties properties;
    private final Timer latency;

    NotificationStream(LiveStreams<OpenStream> notificationStreams, NotificationReader reader, NotificationProperties properties,
            MeterRegistry meters) {
        this.streams = notificationStreams;
        this.reader = reader;
        this.properties = properties;
        this.latency = Timer.builder("twitter.notifications.delivery.latency")
                .description("from the cause (the source event's time) to the notification sent on a stream")
                .publishPercentileHistogram().register(meters);
        Gauge.builder("twitter.notifications.streams", streams, LiveStreams::size)
                .description("notification streams connected to this instance").register(meters);
    }

    /** A new stream of the user's notifications; 429 or 503 problem when over a limit ({@link LiveStreams}). */
    public SseEmitter open(long userId, Long lastEventId) {
        LiveStreams.Opened<OpenStream> opened = streams.open(userId, OpenStream::new);
        SseEmitter emitter = opened.emitter();
        OpenStream stream = opened.stream();
        try {
            if (lastEventId == null) {
                // a reconnect from here replays only what is newer than what exists now
                stream.position = reader.newestId(userId);
            } else {
                stream.position = lastEventId;
                replay(userId, stream, lastEventId);
            }
            stream.count(reader.unreadCount(userId));
        } catch (IOException e) {
            emitter.completeWithError(e);
        }
        return emitter;
    }

    /** Whether this instance holds a stream of the user (messages for others are dropped at once). */
    boolean holds(long userId) {
        return streams.holds(userId);
    }

    /** A new notification, and the new unread count, to every stream of its recipient here. */
    void deliver(long recipientId, long notificationId, Instant occurredAt) {
        Collection<OpenStream> mine = streams.of(recipientId);
        if (mine.isEmpty()) {
            return;
        }
        Optional<NotificationView> notification = reader.one(recipientId, notificationId);
        UnreadCount count = reader.unreadCount(recipientId);
        for (OpenStream stream : mine) {
            if (notification.isPresent() && stream.notification(notificationId, notification.get())) {
                latency.record(Duration.between(occurredAt, Instant.now()));
            }
            stream.count(count);
        }
    }

    /** The unread count went down (read elsewhere, or undone). */
    void countChanged(long recipientId) {
        Collection<OpenStream> mine = streams.of(recipientId);
        if (mine.isEmpty()) {
            return;
        }
        UnreadCount count = reader.unreadCount(recipientId);
        mine.forEach(stream -> stream.count(count));
    }

    @Scheduled(fixedDelayString = "${twitter.notifications.stream-heartbeat}")
    void heartbeat() {
        streams.heartbeat();
    }

    /** Every instance reads {@code session.ended} (a consumer group of its own, from the newest record). */
    @KafkaListener(id = "notification-sessions", topics = Topics.SESSION_ENDED,
            groupId = "notification-sessions-#{T(java.util.UUID).randomUUID()}",
            properties = "auto.offset.reset=latest")
    void onSessionEnded(String value) {
        streams.endSession(value);
    }

    private void replay(long userId, OpenStream stream, long after) throws IOException {
        int left = properties.replayLimit();
        long from = after;
        while (left > 0) {
            List<NotificationView> missed = reader.newerThan(userId, from, Math.min(left, 100));
            if (missed.isEmpty()) {
                return;
            }
            for (NotificationView notification : missed) {
                long id = Long.parseLong(notification.id());
                if (!stream.notification(id, notification)) {
                    throw new IOException("stream closed during replay");
                }
                from = id;
            }
            left -= missed.size();
        }
    }

    /** One client connection and where it is: the id of the last notification sent (or where the client resumed from). */
    static final class OpenStream {

        private final LiveStreams.Connection connection;
        private volatile long position;

        OpenStream(LiveStreams.Connection connection) {
            this.connection = connection;
        }

        synchronized boolean notification(long id, NotificationView notification) {
            position = id;
            return connection.send(SseEmitter.event().name("notification").id(Long.toString(id)).data(notification));
        }

        synchronized void count(UnreadCount count) {
            connection.send(SseEmitter.event().name("unread-count").id(Long.toString(position)).data(count));
        }
    }
}
