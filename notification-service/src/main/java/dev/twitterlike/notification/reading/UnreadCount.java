package dev.twitterlike.notification.reading;

/** {@code GET /api/notifications/unread-count}, and the {@code unread-count} stream event. */
public record UnreadCount(long count) {
}
