package dev.twitterlike.trend.counting;

import dev.twitterlike.common.events.Topics;
import dev.twitterlike.common.ids.Snowflake;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Reads {@code tweet.created} and {@code tweet.deleted}. Tolerant reader: takes the event id and
 * the few payload fields counting needs ({@code id}, {@code authorId}, {@code hashtags},
 * {@code createdAt}) and ignores the rest; ids may be JSON numbers or strings. Failures are
 * retried with back-off by the container's error handler; records that can never succeed
 * (unreadable JSON, no event id) go to {@code <topic>.dlt}.
 */
@Component
class TweetEventListener {

    /** What tweet-service indexes as a hashtag (letters, marks, digits, underscore), at most 10 per tweet. */
    private static final Pattern TAG = Pattern.compile("[\\p{L}\\p{M}\\p{N}_]{1,100}");
    private static final int MAX_TAGS = 10;

    private final HashtagCounting counting;
    private final JsonMapper json;
    private final Clock clock;

    TweetEventListener(HashtagCounting counting, JsonMapper json, Clock clock) {
        this.counting = counting;
        this.json = json;
        this.clock = clock;
    }

    @KafkaListener(id = "trend-tweets", topics = {Topics.TWEET_CREATED, Topics.TWEET_DELETED},
            concurrency = "${twitter.trends.listener-concurrency}")
    void onTweetEvent(String value) {
        JsonNode event = json.readTree(value);
        UUID eventId = UUID.fromString(event.required("eventId").asString());
        JsonNode payload = event.required("payload");
        long tweetId = id(payload, "id");
        long authorId = id(payload, "authorId");
        switch (event.required("type").asString()) {
            case Topics.TWEET_CREATED -> counting.created(eventId, tweetId, authorId, createdAt(payload, tweetId),
                    hashtags(payload.path("hashtags")));
            case Topics.TWEET_DELETED -> counting.deleted(eventId, tweetId, authorId);
            default -> { }
        }
    }

    /**
     * The minute a tweet counts in is when it was written (not when this consumer got to it, so
     * a backlog after an outage lands in the right buckets): {@code createdAt}, else the time in
     * its Snowflake id; never in the future.
     */
    private Instant createdAt(JsonNode payload, long tweetId) {
        Instant at = Snowflake.instantOf(tweetId);
        JsonNode created = payload.path("createdAt");
        try {
            if (created.isString()) {
                at = Instant.parse(created.asString());
            } else if (created.isNumber()) {
                at = Instant.ofEpochMilli(Math.round(created.asDouble() * 1000)); // Jackson's numeric form: seconds
            }
        } catch (DateTimeException unreadable) {
            // keep the id's time
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

    /** Ids arrive as JSON numbers or strings; both are read exactly (no double rounding). */
    private static long id(JsonNode payload, String field) {
        JsonNode node = payload.required(field);
        return node.isString() ? Long.parseLong(node.asString()) : node.asLong();
    }
}
