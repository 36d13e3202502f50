package dev.twitterlike.graph.counts;

import dev.twitterlike.common.events.IncomingEvent;
import dev.twitterlike.common.events.Topics;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Keeps the User object's {@code tweetCount} from tweet-service's events: +1 per
 * {@code tweet.created}, -1 per {@code tweet.deleted}, each event applied once
 * ({@link TweetCountStore}). Read with the tolerant reader ({@link IncomingEvent}): an event
 * without a valid event id or author id is a dead letter.
 */
@Component
class TweetCounts {

    private final TweetCountStore store;

    TweetCounts(TweetCountStore store) {
        this.store = store;
    }

    @KafkaListener(id = "graph-tweet-counts", groupId = "graph-tweet-counts", topics = {Topics.TWEET_CREATED, Topics.TWEET_DELETED})
    void onTweetEvent(String value) {
        IncomingEvent event = IncomingEvent.read(value);
        store.apply(event.eventId(), event.id("authorId"), Topics.TWEET_CREATED.equals(event.type()) ? 1 : -1);
    }
}
