package dev.twitterlike.notification.reading;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.twitterlike.tweetviews.TweetView;
import dev.twitterlike.tweetviews.TweetView.UserSummary;

import java.time.Instant;
import java.util.List;

/**
 * The API's Notification object. {@code tweet} is the mentioning or replying tweet, or the tweet
 * that was liked or retweeted; null for a follow, and null once the tweet is gone.
 *
 * <p>In a grouped list, likes and retweets of one tweet are one item: the newest of them gives
 * {@code id}, {@code actor} and {@code createdAt}; {@code actors} (up to three, newest first) and
 * {@code actorCount} (distinct people) make "Alice and 12 others liked your tweet", and
 * {@code groupedIds} are the notifications it stands for. {@code read} is true only when all of
 * them are. The three fields are absent on every other item.
 */
public record NotificationView(String id, String type, UserSummary actor, TweetView tweet, Instant createdAt,
        boolean read,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<UserSummary> actors,
        @JsonInclude(JsonInclude.Include.NON_NULL) Integer actorCount,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<String> groupedIds) {
}
