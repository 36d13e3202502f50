package dev.twitterlike.notification;

import dev.twitterlike.common.ids.Snowflake;
import dev.twitterlike.notification.retention.NotificationRetention;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Notifications are kept {@code twitter.notifications.retention} (the design's 90 days), measured
 * at the bench graph's scale (docs/operations.md, "Retention"): ten for each of its 20,000 users,
 * half made 91 days ago, half 89. One pass takes exactly the old ones, read or not.
 */
class NotificationRetentionTest extends NotificationTestSupport {

    private static final long FIRST_BENCH_USER = 9_000_000_000_000L;

    @Autowired
    NotificationRetention retention;
    @Autowired
    NotificationProperties properties;

    @Test
    void atTheBenchGraphsScaleOnePassDeletesExactlyTheNotificationsPastRetention() {
        assertThat(properties.retention()).isEqualTo(Duration.ofDays(90));
        Instant now = Instant.now();
        long old = Snowflake.firstIdAt(now.minus(Duration.ofDays(91)));
        long young = Snowflake.firstIdAt(now.minus(Duration.ofDays(89)));
        jdbc.sql("""
                INSERT INTO notifications.notifications
                       (id, recipient_id, type, actor_id, tweet_id, source_key, source_event_id, created_at, read_at)
                SELECT CASE WHEN g % 2 = 0 THEN :old ELSE :young END + g, :first + g % 20000, 'like', :first + g % 977, NULL,
                       'retention:' || g, gen_random_uuid(),
                       now() - CASE WHEN g % 2 = 0 THEN interval '91 days' ELSE interval '89 days' END,
                       CASE WHEN g % 4 < 2 THEN now() END
                  FROM generate_series(0, 199999) g""")
                .param("old", old).param("young", young).param("first", FIRST_BENCH_USER).update();
        jdbc.sql("ANALYZE notifications.notifications").update();
        try {
            long t0 = System.nanoTime();
            long purged = retention.purge();
            long millis = (System.nanoTime() - t0) / 1_000_000;
            System.out.printf("retention cost: notifications (90 days): %d of 200000 rows purged in %d ms%n", purged, millis);
            assertThat(purged).isGreaterThanOrEqualTo(100_000);
            assertThat(bench("")).isEqualTo(100_000);
            assertThat(bench(" AND created_at < now() - interval '90 days'")).isZero();
            assertThat(bench(" AND read_at IS NULL")).as("young unread ones stay too").isEqualTo(50_000);
            assertThat(retention.purge()).as("nothing left to do").isZero();
        } finally {
            jdbc.sql("DELETE FROM notifications.notifications WHERE source_key LIKE 'retention:%'").update();
        }
    }

    @Test
    void aNotificationCausedLongAgoButMadeNowStays() {
        long id = Snowflake.firstIdAt(Instant.now()) + 12_345;
        jdbc.sql("""
                INSERT INTO notifications.notifications (id, recipient_id, type, actor_id, source_key, source_event_id, created_at)
                VALUES (:id, :user, 'follow', :user, 'retention-late', gen_random_uuid(), now() - interval '100 days')""")
                .param("id", id).param("user", FIRST_BENCH_USER + 1).update();
        try {
            retention.purge();
            assertThat(jdbc.sql("SELECT count(*) FROM notifications.notifications WHERE id = ?").param(id)
                    .query(Long.class).single()).as("made now (a replayed old event): kept for its 90 days").isEqualTo(1);
        } finally {
            jdbc.sql("DELETE FROM notifications.notifications WHERE id = ?").param(id).update();
        }
    }

    private long bench(String condition) {
        return jdbc.sql("SELECT count(*) FROM notifications.notifications WHERE source_key LIKE 'retention:%'" + condition)
                .query(Long.class).single();
    }
}
