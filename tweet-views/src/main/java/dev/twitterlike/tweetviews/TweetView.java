package dev.twitterlike.tweetviews;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.List;

/**
 * The API's one Tweet object (docs/api.md), wherever a tweet is shown: tweet-service's own
 * reads, timelines, notifications and live streams. Ids are strings (JavaScript loses digits
 * past 2^53). {@code replyTo} and the author's {@code avatarUrl} are always present (null when
 * there is none); {@code liked}/{@code retweeted} only for a signed-in viewer; {@code retweetedBy}
 * only on a timeline entry that is there because someone retweeted the tweet.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TweetView(String id, UserSummary author, String content, Instant createdAt, List<String> hashtags,
        List<Mention> mentions, List<String> mediaUrls, @JsonInclude(JsonInclude.Include.ALWAYS) String replyTo, int likeCount, int retweetCount,
        int replyCount, Boolean liked, Boolean retweeted, UserSummary retweetedBy) {

    /** The API's user summary. */
    public record UserSummary(String id, String username, String displayName,
            @JsonInclude(JsonInclude.Include.ALWAYS) String avatarUrl) {
    }

    public record Mention(String id, String username) {
    }

    public TweetView retweetedBy(UserSummary by) {
        return new TweetView(id, author, content, createdAt, hashtags, mentions, mediaUrls, replyTo, likeCount,
                retweetCount, replyCount, liked, retweeted, by);
    }
}
