package dev.twitterlike.graph.counts;

import dev.twitterlike.common.events.IncomingEvent;
import dev.twitterlike.common.events.Topics;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Keeps the User object's {@code tweetCount} from tweet-service's events: +1 per
 * {@code tweet.created}, -1 per {@code tweet.deleted}, each event applied once (its id is
 * recorded in the same transaction as the count). Read with the tolerant reader
 * ({@link IncomingEvent}): an event without a valid event id or author id is a dead letter.
 */
@Component
class TweetCounts {

    private final JdbcClient jdbc;

    TweetCounts(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @KafkaListener(id = "graph-tweet-counts", groupId = "graph-tweet-counts", topics = {Topics.TWEET_CREATED, Topics.TWEET_DELETED})
    @Transactional
    void onTweetEvent(String value) {
        IncomingEvent event = IncomingEvent.read(value);
        long authorId = event.id("authorId");
        int delta = Topics.TWEET_CREATED.equals(event.type()) ? 1 : -1;
        int fresh = jdbc.sql("INSERT INTO graph.processed_events (event_id) VALUES (?) ON CONFLICT DO NOTHING")
                .param(event.eventId()).update();
        if (fresh == 1) {
            jdbc.sql("UPDATE graph.users SET tweet_count = GREATEST(0, tweet_count + ?) WHERE id = ?").params(delta, authorId).update();
        }
    }
}
