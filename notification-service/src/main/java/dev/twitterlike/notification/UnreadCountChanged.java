package dev.twitterlike.notification;

/**
 * The recipient's unread count went down without a new notification: some were marked read, or
 * removed because their cause was undone. Open streams get the new count.
 */
public record UnreadCountChanged(long recipientId) {
}
