package dev.twitterlike.common.events;

import java.time.Instant;
import java.util.List;

/**
 * Payloads of the events tweet-service publishes, each keyed by the acting user's id. Consumers
 * read the fields they need into their own records (tolerant readers); these are the producer's
 * side of the contract.
 */
public final class TweetEvents {

    private TweetEvents() {
    }

    /**
     * {@code tweet.created}: a tweet or a reply was posted.
     *
     * @param hashtags        lower-cased, NFKC-normalised, without '#', at most 10, in order of appearance
     * @param mentions        ids of the existing users mentioned, in order of appearance
     * @param replyTo         the parent tweet when this is a reply, else null
     * @param replyToAuthorId the parent's author when this is a reply, else null
     * @param mediaUrls       {@code /media/<name>} paths served by tweet-service
     */
    public record TweetCreated(long id, long authorId, String content, List<String> hashtags, List<Long> mentions,
            Long replyTo, Long replyToAuthorId, List<String> mediaUrls, Instant createdAt) {
    }

    /**
     * {@code tweet.deleted}: the author deleted the tweet (it is gone from every read at once);
     * carries what trends and timelines need to undo it. Retweets of it are not announced one by
     * one: consumers drop them along with the tweet.
     */
    public record TweetDeleted(long id, long authorId, List<String> hashtags, Long replyTo) {
    }

    /** {@code like.created}: {@code userId} liked the tweet (only when it was not liked already). */
    public record TweetLiked(long userId, long tweetId, long tweetAuthorId) {
    }

    /** {@code like.removed}: {@code userId} took the like back (only when there was one). */
    public record TweetUnliked(long userId, long tweetId, long tweetAuthorId) {
    }

    /** {@code retweet.created}: {@code userId} retweeted the tweet; the retweet is its own row with its own Snowflake id. */
    public record TweetRetweeted(long retweetId, long userId, long tweetId, long tweetAuthorId) {
    }

    /** {@code retweet.removed}: {@code userId} undid the retweet {@code retweetId}. */
    public record TweetUnretweeted(long retweetId, long userId, long tweetId, long tweetAuthorId) {
    }
}
