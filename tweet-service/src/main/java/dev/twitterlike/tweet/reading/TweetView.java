package dev.twitterlike.tweet.reading;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.List;

/**
 * The public Tweet object. Ids are strings (JavaScript loses digits past 2^53); {@code replyTo}
 * is always present (null for a tweet that is not a reply); {@code liked} and {@code retweeted}
 * only for a signed-in viewer.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TweetView(String id, Author author, String content, Instant createdAt, List<String> hashtags,
        List<Mention> mentions, List<String> mediaUrls, @JsonInclude(JsonInclude.Include.ALWAYS) String replyTo,
        int likeCount, int retweetCount, int replyCount, Boolean liked, Boolean retweeted) {

    public record Author(String id, String username, String displayName,
            @JsonInclude(JsonInclude.Include.ALWAYS) String avatarUrl) {
    }

    public record Mention(String id, String username) {
    }
}
