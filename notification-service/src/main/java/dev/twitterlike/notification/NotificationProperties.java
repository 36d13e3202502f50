package dev.twitterlike.notification;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * @param workerId            Snowflake worker id; every running instance needs its own
 * @param listenerConcurrency consumer threads of the Kafka listener per instance
 * @param streamHeartbeat     how often an idle SSE stream gets a comment line (keeps proxies from closing it)
 * @param replayLimit         at most this many missed notifications are replayed on a reconnect with Last-Event-ID
 * @param undoMemory          how long an undone cause is remembered against late or redelivered events
 * @param retention           how long a notification is kept (the design's 90 days); {@code NotificationRetention} deletes older ones hourly
 */
@ConfigurationProperties("twitter.notifications")
public record NotificationProperties(int workerId, int listenerConcurrency, Duration streamHeartbeat, int replayLimit,
        Duration undoMemory, Duration retention) {
}
