package dev.twitterlike.notification.reading;

/** {@code POST /api/notifications/read}: everything, or everything up to and including {@code upTo}. */
public record MarkReadRequest(String upTo) {
}
