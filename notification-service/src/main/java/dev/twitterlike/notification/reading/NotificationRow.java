package dev.twitterlike.notification.reading;

import java.time.Instant;

/** One stored notification, as the list reads it. */
record NotificationRow(long id, String type, long actorId, Long tweetId, Instant createdAt, boolean read) {

    /** Likes and retweets of one tweet can stand together in a grouped list. */
    boolean groupable() {
        return tweetId != null && ("like".equals(type) || "retweet".equals(type));
    }
}
