package dev.twitterlike.graph.counts;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

import java.util.UUID;

/** The SQL of the tweet counts: the event's id recorded in the same transaction as the count it changes. */
@Repository
class TweetCountStore {

    private final JdbcClient jdbc;

    TweetCountStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Adds {@code delta} to the author's count unless this event was applied before. */
    @Transactional
    void apply(UUID eventId, long authorId, int delta) {
        int fresh = jdbc.sql("INSERT INTO graph.processed_events (event_id) VALUES (?) ON CONFLICT DO NOTHING")
                .param(eventId).update();
        if (fresh == 1) {
            jdbc.sql("UPDATE graph.users SET tweet_count = GREATEST(0, tweet_count + ?) WHERE id = ?").params(delta, authorId).update();
        }
    }
}
