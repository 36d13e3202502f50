package dev.twitterlike.tweet;

import dev.twitterlike.common.outbox.OutboxAutoConfiguration.OutboxProperties;
import dev.twitterlike.common.outbox.OutboxRelay;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The outbox keeps published events for {@code twitter.outbox.retention} (the design's 1 day),
 * measured at a scale of the bench graph's (docs/operations.md, "Retention"): 100,000 events
 * published 25 hours ago go, 100,000 published 23 hours ago stay (an event not yet published has
 * no {@code published_at} and is never taken).
 */
class OutboxRetentionTest extends TweetIntegrationTest {

    @Autowired
    OutboxRelay relay;
    @Autowired
    OutboxProperties properties;

    @Test
    void publishedEventsOlderThanTheRetentionGoAndTheRestStay() {
        assertThat(properties.retention()).isEqualTo(Duration.ofDays(1));
        long before = count("SELECT count(*) FROM tweets.outbox");
        jdbc.sql("""
                INSERT INTO tweets.outbox (event_id, topic, event_key, payload, created_at, published_at)
                SELECT gen_random_uuid(), 'tweet.created', 'retention-' || g, jsonb_build_object('n', g),
                       now() - interval '2 days', now() - CASE WHEN g % 2 = 0 THEN interval '25 hours' ELSE interval '23 hours' END
                  FROM generate_series(1, 200000) g""").update();
        jdbc.sql("ANALYZE tweets.outbox").update();
        try {
            long t0 = System.nanoTime();
            int purged = relay.purgePublished(properties.retention());
            long millis = (System.nanoTime() - t0) / 1_000_000;
            System.out.printf("retention cost: published outbox events (1 day): %d of %d rows purged in %d ms%n",
                    purged, before + 200_000, millis);
            assertThat(purged).isGreaterThanOrEqualTo(100_000);
            assertThat(count("SELECT count(*) FROM tweets.outbox WHERE event_key LIKE 'retention-%'")).isEqualTo(100_000);
            assertThat(count("SELECT count(*) FROM tweets.outbox WHERE published_at < now() - interval '1 day'")).isZero();
        } finally {
            jdbc.sql("DELETE FROM tweets.outbox WHERE event_key LIKE 'retention-%'").update();
        }
    }
}
