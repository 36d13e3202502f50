package dev.twitterlike.tweet.cache;

import dev.twitterlike.tweetviews.TweetCache;
import dev.twitterlike.tweetviews.TweetCache.Body;
import dev.twitterlike.tweetviews.TweetCache.Counts;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.function.Consumer;

/**
 * tweet-service's writes to the read model's cache ({@link TweetCache}, owned by tweet-views),
 * as the owner of tweets, counts, likes and retweets: each is registered inside the transaction
 * that makes the change and runs right after it commits, before the request returns, so the
 * author, the liker and the deleter read their own change at once (and nothing is cached that
 * did not commit). A failed write (Valkey away, a cluster master failing over) changes nothing
 * for the request; it is logged and queued for {@link CacheRepairs}, which writes PostgreSQL's
 * values over the stale copy once Valkey answers (a post needs none: a missing body is filled
 * by the next reader).
 */
@Component
public class CacheWrites {

    /** The columns a statement that moves a count returns, for {@link #counts(ResultSet)}. */
    public static final String COUNTS = "like_count, retweet_count, reply_count, counts_version";

    private final TweetCache cache;
    private final CacheRepairs repairs;

    CacheWrites(ObjectProvider<TweetCache> cache, CacheRepairs repairs) {
        this.cache = cache.getIfAvailable();
        this.repairs = repairs;
    }

    /** A tweet was posted: its body, counts at zero. */
    public void posted(long tweetId, Body body) {
        afterCommit("tweet " + tweetId + " posted", c -> c.putTweet(tweetId, body), () -> { });
    }

    /** A tweet was deleted: its tombstone, so that no reader shows it again. */
    public void deleted(long tweetId) {
        afterCommit("tweet " + tweetId + " deleted", c -> c.deleteTweet(tweetId), () -> repairs.queue(tweetId, CacheRepairs.TWEET));
    }

    /** A tweet's counts moved: the counts the change left, with their version. */
    public void counts(long tweetId, Counts counts) {
        afterCommit("counts of " + tweetId, c -> c.putCounts(tweetId, counts), () -> repairs.queue(tweetId, CacheRepairs.TWEET));
    }

    public void liked(long userId, long tweetId, boolean liked) {
        afterCommit("like of " + tweetId + " by " + userId, c -> c.putLiked(userId, tweetId, liked), () -> repairs.queue(tweetId, userId));
    }

    public void retweeted(long userId, long tweetId, boolean retweeted) {
        afterCommit("retweet of " + tweetId + " by " + userId, c -> c.putRetweeted(userId, tweetId, retweeted),
                () -> repairs.queue(tweetId, userId));
    }

    /** The counts a statement returned ({@link #COUNTS}). */
    public static Counts counts(ResultSet rs) throws SQLException {
        return new Counts(rs.getLong("counts_version"), rs.getInt("like_count"), rs.getInt("retweet_count"), rs.getInt("reply_count"));
    }

    private void afterCommit(String what, Consumer<TweetCache> write, Runnable onFailure) {
        if (cache != null) {
            cache.afterCommit(what, write, onFailure);
        }
    }
}
