package dev.twitterlike.notification.retention;

import dev.twitterlike.common.ids.Snowflake;
import dev.twitterlike.notification.NotificationProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;

/**
 * The design's retention for notifications: older than {@code twitter.notifications.retention}
 * (90 days) they are deleted, read or not. Hourly, in batches of {@value #BATCH} rows, each its
 * own transaction, so no lock is held for long; several instances purging at once only find
 * less to delete. A row goes when it was both made ({@code id}, a Snowflake: the primary key's
 * range is the cheap way in) and caused ({@code created_at}, the event's time) before the cutoff.
 * Unread counts only ever count rows there are, so a purged unread notification simply stops
 * being counted.
 */
@Component
public class NotificationRetention {

    static final int BATCH = 5_000;
    private static final Logger log = LoggerFactory.getLogger(NotificationRetention.class);

    private final JdbcClient jdbc;
    private final Duration retention;

    NotificationRetention(JdbcClient jdbc, NotificationProperties properties) {
        this.jdbc = jdbc;
        this.retention = properties.retention();
        log.info("notifications are deleted {} after they were made", retention);
    }

    @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT5M")
    void scheduled() {
        try {
            purge();
        } catch (RuntimeException e) {
            log.warn("notifications not purged: {}", e.toString());
        }
    }

    /** Deletes the notifications past retention; returns how many. */
    public long purge() {
        return purgeBefore(Instant.now().minus(retention));
    }

    /** Deletes the notifications made and caused before {@code cutoff}; returns how many. */
    public long purgeBefore(Instant cutoff) {
        long started = System.nanoTime();
        long total = 0;
        int deleted;
        do {
            deleted = jdbc.sql("""
                            DELETE FROM notifications.notifications WHERE id IN (
                                SELECT id FROM notifications.notifications
                                 WHERE id < :firstId AND created_at < :cutoff
                                 ORDER BY id LIMIT :batch)
                            """)
                    .param("firstId", Snowflake.firstIdAt(cutoff))
                    .param("cutoff", Timestamp.from(cutoff))
                    .param("batch", BATCH)
                    .update();
            total += deleted;
        } while (deleted == BATCH);
        if (total > 0) {
            log.info("retention: deleted {} notifications made before {} (retention {}) in {} ms", total, cutoff,
                    retention, (System.nanoTime() - started) / 1_000_000);
        }
        return total;
    }
}
