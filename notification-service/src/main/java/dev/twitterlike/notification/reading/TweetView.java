package dev.twitterlike.notification.reading;

import java.time.Instant;
import java.util.List;

/**
 * The API's Tweet object, as the timelines return it, seen by the notification's recipient
 * ({@code liked}/{@code retweeted} are theirs). Ids are strings.
 */
public record TweetView(String id, UserSummary author, String content, Instant createdAt, List<String> hashtags,
        List<Mention> mentions, List<String> mediaUrls, String replyTo, int likeCount, int retweetCount,
        int replyCount, boolean liked, boolean retweeted) {

    public record Mention(String id, String username) {
    }
}
