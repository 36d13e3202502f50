package dev.twitterlike.fanout.push;

import dev.twitterlike.common.events.IncomingEvent;
import dev.twitterlike.common.events.Topics;
import dev.twitterlike.common.timeline.TimelineEntry;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.stereotype.Component;

/**
 * Reads the events fanout acts on with the tolerant reader ({@link IncomingEvent}): the few
 * payload fields it needs, the rest ignored. Failures are retried with back-off by the
 * container's error handler; records that can never succeed (unreadable JSON, a missing or
 * malformed id) go to {@code <topic>.dlt}. A new tweet's journey (when it was published, reached
 * the worker, and was fanned out) is recorded for the Lab page ({@link Journeys}).
 */
@Component
class FanoutListener {

    private final Fanout fanout;
    private final Journeys journeys;

    FanoutListener(Fanout fanout, Journeys journeys) {
        this.fanout = fanout;
        this.journeys = journeys;
    }

    @KafkaListener(id = "fanout-tweets", topics = {Topics.TWEET_CREATED, Topics.TWEET_DELETED, Topics.RETWEET_CREATED,
            Topics.RETWEET_REMOVED}, concurrency = "${twitter.fanout.listener-concurrency}")
    void onTweetEvent(String value, @Header(KafkaHeaders.RECEIVED_TIMESTAMP) long publishedAt) {
        long receivedAt = System.currentTimeMillis();
        IncomingEvent event = IncomingEvent.read(value);
        switch (event.type()) {
            case Topics.TWEET_CREATED -> {
                long tweetId = event.id("id");
                Fanout.Distributed done = fanout.distribute(TimelineEntry.tweet(tweetId, event.id("authorId")));
                journeys.record(tweetId, publishedAt, receivedAt, done);
            }
            case Topics.TWEET_DELETED -> fanout.retract(event.id("authorId"), event.id("id"));
            case Topics.RETWEET_CREATED -> fanout.distribute(
                    TimelineEntry.retweet(event.id("retweetId"), event.id("userId"), event.id("tweetId")));
            case Topics.RETWEET_REMOVED -> fanout.retract(event.id("userId"), event.id("retweetId"));
            default -> { }
        }
    }

    @KafkaListener(id = "fanout-follows", topics = {Topics.FOLLOW_NEW, Topics.FOLLOW_REMOVED},
            concurrency = "${twitter.fanout.listener-concurrency}")
    void onFollowEvent(String value) {
        IncomingEvent event = IncomingEvent.read(value);
        long follower = event.id("followerId");
        long followee = event.id("followeeId");
        if (Topics.FOLLOW_NEW.equals(event.type())) {
            fanout.backfill(follower, followee);
        } else {
            fanout.unmerge(follower, followee);
        }
    }
}
