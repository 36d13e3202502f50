package dev.twitterlike.tweetviews;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.List;

/**
 * The API's Tweet object as timelines and notifications return it: the original tweet, and for
 * a timeline entry that is there because someone retweeted it, {@code retweetedBy}.
 * {@code liked}/{@code retweeted} are the viewer's, present when there is a viewer. Ids are
 * strings.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TweetView(String id, UserSummary author, String content, Instant createdAt, List<String> hashtags,
        List<Mention> mentions, List<String> mediaUrls, String replyTo, int likeCount, int retweetCount,
        int replyCount, Boolean liked, Boolean retweeted, UserSummary retweetedBy) {

    /** The API's user summary. */
    public record UserSummary(String id, String username, String displayName, String avatarUrl) {
    }

    public record Mention(String id, String username) {
    }

    public TweetView retweetedBy(UserSummary by) {
        return new TweetView(id, author, content, createdAt, hashtags, mentions, mediaUrls, replyTo, likeCount,
                retweetCount, replyCount, liked, retweeted, by);
    }
}
