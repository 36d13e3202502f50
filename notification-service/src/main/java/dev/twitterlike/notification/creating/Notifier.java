package dev.twitterlike.notification.creating;

import dev.twitterlike.notification.NotificationCreated;
import dev.twitterlike.notification.NotificationProperties;
import dev.twitterlike.notification.UnreadCountChanged;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.event.TransactionalEventListener;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The rules: who is notified of what, at most once per source event, never of their own acts,
 * and nothing left behind once its cause is undone or deleted.
 *
 * <p>Every notification records its cause as a source key ({@code tweet:<id>} for mentions and
 * replies, {@code like:<user>:<tweet>}, {@code retweet:<user>:<tweet>},
 * {@code follow:<follower>:<followee>}); undoing the cause deletes by that key and remembers the
 * undo, so the cause's event arriving late or redelivered is skipped instead of resurrecting it.
 */
@Service
class Notifier {

    static final String MENTION = "mention";
    static final String REPLY = "reply";
    static final String LIKE = "like";
    static final String RETWEET = "retweet";
    static final String FOLLOW = "follow";

    private final NotificationStore store;
    private final ApplicationEventPublisher events;
    private final NotificationProperties properties;
    private final Map<String, Counter> created;

    Notifier(NotificationStore store, ApplicationEventPublisher events, NotificationProperties properties,
            MeterRegistry meters) {
        this.store = store;
        this.events = events;
        this.properties = properties;
        this.created = Stream.of(MENTION, REPLY, LIKE, RETWEET, FOLLOW).collect(Collectors.toMap(Function.identity(),
                // exported as twitter_notifications_total{type}: Prometheus reserves a "_created" suffix
                type -> Counter.builder("twitter.notifications").tag("type", type)
                        .description("notifications stored, by type").register(meters)));
    }

    /**
     * A reply notifies the parent's author; a mention each mentioned user. Someone who is both
     * gets one notification, the reply. The author is never notified of their own tweet.
     */
    @Transactional
    public void tweetCreated(Cause cause, long tweetId, long authorId, List<Long> mentions, Long replyTo,
            Long replyToAuthorId) {
        Long parentAuthor = replyToAuthorId != null ? replyToAuthorId : replyTo == null ? null : store.authorOf(replyTo);
        String source = tweetKey(tweetId);
        store.lock(source);
        if (store.undone(List.of(source), cause.occurredAt())) {
            return;
        }
        if (parentAuthor != null && parentAuthor != authorId) {
            create(cause, parentAuthor, REPLY, authorId, tweetId, source);
        }
        for (long mentioned : new LinkedHashSet<>(mentions)) {
            if (mentioned != authorId && !Objects.equals(mentioned, parentAuthor)) {
                create(cause, mentioned, MENTION, authorId, tweetId, source);
            }
        }
    }

    /** Mentions and replies from the tweet, and likes and retweets of it, go with it. */
    @Transactional
    public void tweetDeleted(long tweetId) {
        String source = tweetKey(tweetId);
        store.lock(source);
        store.rememberForever(source);
        countChanged(store.removeTweet(tweetId));
    }

    @Transactional
    public void liked(Cause cause, long userId, long tweetId, long tweetAuthorId) {
        engaged(cause, LIKE, userId, tweetId, tweetAuthorId);
    }

    @Transactional
    public void unliked(Cause cause, long userId, long tweetId) {
        undo(tweetKey(tweetId), engagementKey(LIKE, userId, tweetId), cause);
    }

    @Transactional
    public void retweeted(Cause cause, long userId, long tweetId, long tweetAuthorId) {
        engaged(cause, RETWEET, userId, tweetId, tweetAuthorId);
    }

    @Transactional
    public void unretweeted(Cause cause, long userId, long tweetId) {
        undo(tweetKey(tweetId), engagementKey(RETWEET, userId, tweetId), cause);
    }

    @Transactional
    public void followed(Cause cause, long followerId, long followeeId) {
        if (followerId == followeeId) {
            return;
        }
        String source = followKey(followerId, followeeId);
        store.lock(source);
        if (!store.undone(List.of(source), cause.occurredAt())) {
            create(cause, followeeId, FOLLOW, followerId, null, source);
        }
    }

    @Transactional
    public void unfollowed(Cause cause, long followerId, long followeeId) {
        String source = followKey(followerId, followeeId);
        undo(source, source, cause);
    }

    /** Counted after the commit: a rolled-back and retried insert counts once. */
    @TransactionalEventListener
    void count(NotificationCreated notification) {
        created.get(notification.type()).increment();
    }

    @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT5M")
    void forgetOldUndos() {
        store.forgetUndosBefore(properties.undoMemory());
    }

    private void engaged(Cause cause, String type, long userId, long tweetId, long tweetAuthorId) {
        if (userId == tweetAuthorId) {
            return;
        }
        String source = engagementKey(type, userId, tweetId);
        store.lock(tweetKey(tweetId));
        // undone if taken back, or if the tweet itself was deleted, since this happened
        if (!store.undone(List.of(source, tweetKey(tweetId)), cause.occurredAt())) {
            create(cause, tweetAuthorId, type, userId, tweetId, source);
        }
    }

    private void undo(String subject, String source, Cause cause) {
        store.lock(subject);
        store.remember(source, cause.occurredAt());
        countChanged(store.removeSource(source, cause.occurredAt()));
    }

    private void create(Cause cause, long recipientId, String type, long actorId, Long tweetId, String source) {
        Long id = store.insert(cause, recipientId, type, actorId, tweetId, source);
        if (id != null) {
            events.publishEvent(new NotificationCreated(id, recipientId, type, cause.occurredAt()));
        }
    }

    private void countChanged(Set<Long> recipients) {
        recipients.forEach(recipient -> events.publishEvent(new UnreadCountChanged(recipient)));
    }

    private static String tweetKey(long tweetId) {
        return "tweet:" + tweetId;
    }

    private static String engagementKey(String type, long userId, long tweetId) {
        return type + ":" + userId + ":" + tweetId;
    }

    private static String followKey(long followerId, long followeeId) {
        return "follow:" + followerId + ":" + followeeId;
    }
}
