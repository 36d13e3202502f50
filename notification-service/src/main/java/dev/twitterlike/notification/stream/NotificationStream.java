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
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

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
 * <p>Streams are held in {@link LiveStreams}, with the limits every stream shares (streams per
 * user and per instance, a lifetime after which the client reconnects), and end at once when
 * one of their user's sessions ends ({@code session.ended}, read by every instance).
 */
@Component
public class NotificationStream implements SmartLifecycle {

    private final LiveStreams<OpenStream> streams;
    private final NotificationReader reader;
    private final NotificationProperties properties;
    private final JsonMapper json;
    private final Timer latency;
    private volatile boolean running;

    NotificationStream(NotificationReader reader, NotificationProperties properties, LiveStreams.Limits limits,
            JsonMapper json, MeterRegistry meters) {
        this.streams = new LiveStreams<>(limits);
        this.json = json;
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

    /** A comment line on every open stream, so idle connections stay open through proxies. */
    @Scheduled(fixedDelayString = "${twitter.notifications.stream-heartbeat}")
    void heartbeat() {
        streams.forEach(OpenStream::heartbeat);
    }

    /**
     * One of the user's sessions ended (graph-service's {@code session.ended}): every instance
     * reads it (a consumer group of its own, from the newest record) and ends the user's streams
     * it holds. The browser's EventSource reconnects; the gateway lets the streams of the
     * user's other, still valid sessions back in and answers the ended one with 401.
     */
    @KafkaListener(id = "notification-sessions", topics = Topics.SESSION_ENDED,
            groupId = "notification-sessions-#{T(java.util.UUID).randomUUID()}",
            properties = "auto.offset.reset=latest")
    void onSessionEnded(String value) {
        JsonNode userId = json.readTree(value).required("payload").required("userId");
        streams.end(userId.isString() ? Long.parseLong(userId.asString()) : userId.asLong());
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

    /**
     * Ends every stream before the web server's graceful shutdown, which would otherwise wait for
     * these never-ending responses; clients reconnect (with Last-Event-ID) to another instance.
     */
    @Override
    public void stop() {
        running = false;
        streams.endAll();
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
