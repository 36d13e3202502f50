package dev.twitterlike.notification.reading;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** Reads of the recipient's notifications; every query is on (recipient_id, id) or the unread index. */
@Repository
class NotificationQueries {

    private static final String COLUMNS = "id, type, actor_id, tweet_id, created_at, read_at IS NOT NULL AS read";

    private final JdbcClient jdbc;

    NotificationQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Older than {@code before}, newest first. */
    List<NotificationRow> olderThan(long recipientId, long before, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM notifications.notifications"
                        + " WHERE recipient_id = :recipient AND id < :before ORDER BY id DESC LIMIT :limit")
                .param("recipient", recipientId).param("before", before).param("limit", limit)
                .query((rs, n) -> row(rs)).list();
    }

    /** Newer than {@code after}, oldest first (a stream's replay). */
    List<NotificationRow> newerThan(long recipientId, long after, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM notifications.notifications"
                        + " WHERE recipient_id = :recipient AND id > :after ORDER BY id LIMIT :limit")
                .param("recipient", recipientId).param("after", after).param("limit", limit)
                .query((rs, n) -> row(rs)).list();
    }

    Optional<NotificationRow> one(long recipientId, long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM notifications.notifications WHERE recipient_id = :recipient AND id = :id")
                .param("recipient", recipientId).param("id", id)
                .query((rs, n) -> row(rs)).optional();
    }

    long newestId(long recipientId) {
        return jdbc.sql("SELECT COALESCE(max(id), 0) FROM notifications.notifications WHERE recipient_id = ?")
                .param(recipientId).query(Long.class).single();
    }

    long unreadCount(long recipientId) {
        return jdbc.sql("SELECT count(*) FROM notifications.notifications WHERE recipient_id = ? AND read_at IS NULL")
                .param(recipientId).query(Long.class).single();
    }

    /** Marks unread notifications up to and including {@code upTo} as read; returns how many changed. */
    int markRead(long recipientId, long upTo) {
        return jdbc.sql("""
                        UPDATE notifications.notifications SET read_at = now()
                         WHERE recipient_id = :recipient AND read_at IS NULL AND id <= :upTo
                        """)
                .param("recipient", recipientId).param("upTo", upTo).update();
    }

    private static NotificationRow row(ResultSet rs) throws SQLException {
        long tweetId = rs.getLong("tweet_id");
        Long tweet = rs.wasNull() ? null : tweetId;
        return new NotificationRow(rs.getLong("id"), rs.getString("type"), rs.getLong("actor_id"), tweet,
                rs.getTimestamp("created_at").toInstant(), rs.getBoolean("read"));
    }
}
