package dev.twitterlike.notification;

import java.time.Instant;

/**
 * A notification was stored. Raised inside the creating transaction; whoever acts on it
 * (metrics, live delivery) does so after the commit, so nothing is announced that could still
 * roll back.
 *
 * @param occurredAt when its cause happened (the source event's time), for the delivery latency
 */
public record NotificationCreated(long id, long recipientId, String type, Instant occurredAt) {
}
