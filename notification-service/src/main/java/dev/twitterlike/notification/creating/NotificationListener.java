package dev.twitterlike.notification.creating;

import dev.twitterlike.common.events.IncomingEvent;
import dev.twitterlike.common.events.Topics;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Reads the events notifications are made from and undone by, with the tolerant reader
 * ({@link IncomingEvent}): the few envelope and payload fields it needs, the rest ignored.
 * One consumer group for all instances, so each event is acted on once; failures are retried
 * with back-off by the container's error handler, unreadable records (a missing or malformed
 * id or time included) go to {@code <topic>.dlt}.
 */
@Component
class NotificationListener {

    private final Notifier notifier;

    NotificationListener(Notifier notifier) {
        this.notifier = notifier;
    }

    @KafkaListener(id = "notifications", topics = {Topics.TWEET_CREATED, Topics.TWEET_DELETED, Topics.LIKE_CREATED,
            Topics.LIKE_REMOVED, Topics.RETWEET_CREATED, Topics.RETWEET_REMOVED, Topics.FOLLOW_NEW, Topics.FOLLOW_REMOVED},
            concurrency = "${twitter.notifications.listener-concurrency}")
    void onEvent(String value) {
        IncomingEvent event = IncomingEvent.read(value);
        Cause cause = new Cause(event.eventId(), event.occurredAt());
        switch (event.type()) {
            case Topics.TWEET_CREATED -> notifier.tweetCreated(cause, event.id("id"), event.id("authorId"),
                    event.ids("mentions"), event.optionalId("replyTo"), event.optionalId("replyToAuthorId"));
            case Topics.TWEET_DELETED -> notifier.tweetDeleted(event.id("id"));
            case Topics.LIKE_CREATED -> notifier.liked(cause, event.id("userId"), event.id("tweetId"), event.id("tweetAuthorId"));
            case Topics.LIKE_REMOVED -> notifier.unliked(cause, event.id("userId"), event.id("tweetId"));
            case Topics.RETWEET_CREATED -> notifier.retweeted(cause, event.id("userId"), event.id("tweetId"),
                    event.id("tweetAuthorId"));
            case Topics.RETWEET_REMOVED -> notifier.unretweeted(cause, event.id("userId"), event.id("tweetId"));
            case Topics.FOLLOW_NEW -> notifier.followed(cause, event.id("followerId"), event.id("followeeId"));
            case Topics.FOLLOW_REMOVED -> notifier.unfollowed(cause, event.id("followerId"), event.id("followeeId"));
            default -> { }
        }
    }
}
