package dev.twitterlike.trend.counting;

import dev.twitterlike.common.events.IncomingEvent;
import dev.twitterlike.common.events.Topics;
import dev.twitterlike.common.ids.Snowflake;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Reads {@code tweet.created} and {@code tweet.deleted} with the tolerant reader
 * ({@link IncomingEvent}): the event id and the few payload fields counting needs ({@code id},
 * {@code authorId}, {@code hashtags}, {@code createdAt}), the rest ignored. Failures are retried
 * with back-off by the container's error handler; records that can never succeed (unreadable
 * JSON, a missing or malformed id or time) go to {@code <topic>.dlt}.
 */
@Component
class TweetEventListener {

    /** What tweet-service indexes as a hashtag (letters, marks, digits, underscore), at most 10 per tweet. */
    private static final Pattern TAG = Pattern.compile("[\\p{L}\\p{M}\\p{N}_]{1,100}");
    private static final int MAX_TAGS = 10;

    private final HashtagCounting counting;
    private final Clock clock;

    TweetEventListener(HashtagCounting counting, Clock clock) {
        this.counting = counting;
        this.clock = clock;
    }

    @KafkaListener(id = "trend-tweets", topics = {Topics.TWEET_CREATED, Topics.TWEET_DELETED},
            concurrency = "${twitter.trends.listener-concurrency}")
    void onTweetEvent(String value) {
        IncomingEvent event = IncomingEvent.read(value);
        UUID eventId = event.eventId();
        long tweetId = event.id("id");
        long authorId = event.id("authorId");
        switch (event.type()) {
            case Topics.TWEET_CREATED -> counting.created(eventId, tweetId, authorId, createdAt(event, tweetId),
                    hashtags(event.payload().path("hashtags")));
            case Topics.TWEET_DELETED -> counting.deleted(eventId, tweetId, authorId);
            default -> { }
        }
    }

    /**
     * The minute a tweet counts in is when it was written (not when this consumer got to it, so
     * a backlog after an outage lands in the right buckets): {@code createdAt}, else (absent) the
     * time in its Snowflake id; never in the future.
     */
    private Instant createdAt(IncomingEvent event, long tweetId) {
        Instant at = event.optionalTime("createdAt");
        if (at == null) {
            at = Snowflake.instantOf(tweetId);
        }
        Instant now = clock.instant();
        return at.isAfter(now) ? now : at;
    }

    /** Distinct normalised tags (producers already lower-case them; this only guards the key layout). */
    private static List<String> hashtags(JsonNode tags) {
        Set<String> distinct = new LinkedHashSet<>();
        for (JsonNode tag : tags) {
            if (!tag.isString()) {
                continue;
            }
            String normalised = tag.asString().strip().replaceFirst("^[#＃]", "").toLowerCase(Locale.ROOT);
            if (TAG.matcher(normalised).matches() && distinct.size() < MAX_TAGS) {
                distinct.add(normalised);
            }
        }
        return new ArrayList<>(distinct);
    }
}
