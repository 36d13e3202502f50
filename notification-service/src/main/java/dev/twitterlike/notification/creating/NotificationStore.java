package dev.twitterlike.notification.creating;

import dev.twitterlike.common.ids.Snowflake;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The SQL of making and undoing notifications, in this service's schema (plus one read of tweet-service's published {@code tweets.visible_tweets}). */
@Repository
class NotificationStore {

    private final JdbcClient jdbc;
    private final Snowflake ids;

    NotificationStore(JdbcClient jdbc, Snowflake ids) {
        this.jdbc = jdbc;
        this.ids = ids;
    }

    /**
     * Serialises, until the transaction ends, everything that creates or undoes notifications
     * of one subject (a tweet, or a follow pair). Without it, a like and its unlike processed at
     * the same moment on two threads could each miss the other's uncommitted row, and the
     * notification would outlive its undo.
     */
    void lock(String subject) {
        jdbc.sql("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))").param(subject).query((rs, n) -> 1).list();
    }

    /** Whether one of the causes was undone at or after the given time (then the event came late). */
    boolean undone(Collection<String> sourceKeys, Instant happenedAt) {
        return jdbc.sql("""
                        SELECT EXISTS (SELECT 1 FROM notifications.undone_sources
                                        WHERE source_key IN (:keys) AND undone_at >= :at)
                        """)
                .param("keys", sourceKeys).param("at", time(happenedAt))
                .query(Boolean.class).single();
    }

    /** The new notification's id, or null when this event already made one for this recipient. */
    Long insert(Cause cause, long recipientId, String type, long actorId, Long tweetId, String sourceKey) {
        long id = ids.nextId();
        // the conflict target is named: a clash on the primary key (two instances sharing a
        // worker id) must fail and be retried, not pass silently as a redelivery
        int inserted = jdbc.sql("""
                        INSERT INTO notifications.notifications
                               (id, recipient_id, type, actor_id, tweet_id, source_key, source_event_id, created_at)
                        VALUES (:id, :recipient, :type, :actor, :tweet, :source, :event, :at)
                        ON CONFLICT (source_event_id, recipient_id) DO NOTHING
                        """)
                .param("id", id).param("recipient", recipientId).param("type", type).param("actor", actorId)
                .param("tweet", tweetId, java.sql.Types.BIGINT).param("source", sourceKey)
                .param("event", cause.eventId()).param("at", time(cause.occurredAt()))
                .update();
        return inserted == 1 ? id : null;
    }

    /** Remembers the undo, so a cause that happened before it cannot come back later. */
    void remember(String sourceKey, Instant undoneAt) {
        jdbc.sql("""
                        INSERT INTO notifications.undone_sources (source_key, undone_at) VALUES (:key, :at)
                        ON CONFLICT (source_key) DO UPDATE
                           SET undone_at = GREATEST(undone_sources.undone_at, EXCLUDED.undone_at), recorded_at = now()
                        """)
                .param("key", sourceKey).param("at", time(undoneAt)).update();
    }

    /** A deleted tweet never comes back: its tombstone is for all time (until forgotten). */
    void rememberForever(String sourceKey) {
        jdbc.sql("""
                        INSERT INTO notifications.undone_sources (source_key, undone_at) VALUES (:key, 'infinity')
                        ON CONFLICT (source_key) DO UPDATE SET undone_at = 'infinity', recorded_at = now()
                        """)
                .param("key", sourceKey).update();
    }

    /**
     * Removes the notifications of a cause that happened at or before its undo (a later redo,
     * say a like again after the unlike, keeps its own); returns the recipients who lost an
     * unread one.
     */
    Set<Long> removeSource(String sourceKey, Instant undoneAt) {
        return unreadRecipients(jdbc.sql("""
                        DELETE FROM notifications.notifications WHERE source_key = :key AND created_at <= :at
                        RETURNING recipient_id, read_at IS NULL AS unread
                        """)
                .param("key", sourceKey).param("at", time(undoneAt))
                .query((rs, n) -> rs.getBoolean("unread") ? rs.getLong("recipient_id") : null).list());
    }

    /** Removes every notification from the tweet (mentions, replies) or about it (likes, retweets). */
    Set<Long> removeTweet(long tweetId) {
        return unreadRecipients(jdbc.sql("""
                        DELETE FROM notifications.notifications WHERE tweet_id = :tweet
                        RETURNING recipient_id, read_at IS NULL AS unread
                        """)
                .param("tweet", tweetId)
                .query((rs, n) -> rs.getBoolean("unread") ? rs.getLong("recipient_id") : null).list());
    }

    /** The parent's author when an older producer left it out of tweet.created; null when it is gone or deleted. */
    Long authorOf(long tweetId) {
        return jdbc.sql("SELECT author_id FROM tweets.visible_tweets WHERE id = ?").param(tweetId)
                .query(Long.class).optional().orElse(null);
    }

    int forgetUndosBefore(Duration age) {
        return jdbc.sql("DELETE FROM notifications.undone_sources WHERE recorded_at < :before")
                .param("before", time(Instant.now().minus(age))).update();
    }

    private static Set<Long> unreadRecipients(List<Long> rows) {
        Set<Long> recipients = new LinkedHashSet<>();
        rows.forEach(r -> {
            if (r != null) {
                recipients.add(r);
            }
        });
        return recipients;
    }

    private static OffsetDateTime time(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
