package dev.twitterlike.notification.stream;

import dev.twitterlike.notification.NotificationProperties;
import dev.twitterlike.notification.reading.NotificationReader;
import dev.twitterlike.notification.reading.NotificationView;
import dev.twitterlike.notification.reading.UnreadCount;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

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
 */
@Component
public class NotificationStream implements SmartLifecycle {

    private final Map<Long, Set<OpenStream>> streams = new ConcurrentHashMap<>();
    private final NotificationReader reader;
    private final NotificationProperties properties;
    private final Timer latency;
    private volatile boolean running;

    NotificationStream(NotificationReader reader, NotificationProperties properties, MeterRegistry meters) {
        this.reader = reader;
        this.properties = properties;
        this.latency = Timer.builder("twitter.notifications.delivery.latency")
                .description("from the cause (the source event's time) to the notification sent on a stream")
                .publishPercentileHistogram().register(meters);
        Gauge.builder("twitter.notifications.streams", streams, s -> s.values().stream().mapToInt(Set::size).sum())
                .description("notification streams connected to this instance").register(meters);
    }

    public SseEmitter open(long userId, Long lastEventId) {
        SseEmitter emitter = new SseEmitter(0L);
        OpenStream stream = new OpenStream(emitter);
        streams.compute(userId, (id, set) -> {
            Set<OpenStream> mine = set == null ? ConcurrentHashMap.newKeySet() : set;
            mine.add(stream);
            return mine;
        });
        Runnable remove = () -> close(userId, stream);
        emitter.onCompletion(remove);
        emitter.onTimeout(remove);
        emitter.onError(e -> remove.run());
        try {
            emitter.send(SseEmitter.event().comment("connected"));
            if (lastEventId == null) {
                // a reconnect from here replays only what is newer than what exists now
                stream.position = reader.newestId(userId);
            } else {
                stream.position = lastEventId;
                replay(userId, stream, lastEventId);
            }
            stream.count(reader.unreadCount(userId));
        } catch (IOException | IllegalStateException e) {
            remove.run();
        }
        return emitter;
    }

    /** Whether this instance holds a stream of the user (messages for others are dropped at once). */
    boolean holds(long userId) {
        return streams.containsKey(userId);
    }

    /** A new notification, and the new unread count, to every stream of its recipient here. */
    void deliver(long recipientId, long notificationId, Instant occurredAt) {
        Set<OpenStream> mine = streams.get(recipientId);
        if (mine == null) {
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
        Set<OpenStream> mine = streams.get(recipientId);
        if (mine == null) {
            return;
        }
        UnreadCount count = reader.unreadCount(recipientId);
        mine.forEach(stream -> stream.count(count));
    }

    /** A comment line on every open stream, so idle connections stay open through proxies. */
    @Scheduled(fixedDelayString = "${twitter.notifications.stream-heartbeat}")
    void heartbeat() {
        streams.values().forEach(set -> set.forEach(OpenStream::heartbeat));
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

    private void close(long userId, OpenStream stream) {
        streams.computeIfPresent(userId, (id, set) -> {
            set.remove(stream);
            return set.isEmpty() ? null : set;
        });
    }

    /**
     * Ends every stream before the web server's graceful shutdown, which would otherwise wait for
     * these never-ending responses; clients reconnect (with Last-Event-ID) to another instance.
     */
    @Override
    public void stop() {
        running = false;
        streams.values().forEach(set -> set.forEach(stream -> stream.emitter.complete()));
        streams.clear();
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** One client connection. Sends are serialised so an event's lines are never interleaved. */
    private static final class OpenStream {

        private final SseEmitter emitter;
        /** The id of the last notification sent (or where the client resumed from). */
        private volatile long position;

        OpenStream(SseEmitter emitter) {
            this.emitter = emitter;
        }

        synchronized boolean notification(long id, NotificationView notification) {
            position = id;
            return send(SseEmitter.event().name("notification").id(Long.toString(id)).data(notification));
        }

        synchronized void count(UnreadCount count) {
            send(SseEmitter.event().name("unread-count").id(Long.toString(position)).data(count));
        }

        synchronized void heartbeat() {
            send(SseEmitter.event().comment("heartbeat"));
        }

        private boolean send(SseEmitter.SseEventBuilder event) {
            try {
                emitter.send(event);
                return true;
            } catch (IOException | IllegalStateException e) {
                emitter.completeWithError(e);
                return false;
            }
        }
    }
}
