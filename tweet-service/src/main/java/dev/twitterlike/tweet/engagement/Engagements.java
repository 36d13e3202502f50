package dev.twitterlike.tweet.engagement;

import dev.twitterlike.common.events.Topics;
import dev.twitterlike.common.events.TweetEvents.TweetLiked;
import dev.twitterlike.common.events.TweetEvents.TweetRetweeted;
import dev.twitterlike.common.events.TweetEvents.TweetUnliked;
import dev.twitterlike.common.events.TweetEvents.TweetUnretweeted;
import dev.twitterlike.common.ids.Snowflake;
import dev.twitterlike.common.outbox.OutboxWriter;
import dev.twitterlike.common.web.Problems;
import dev.twitterlike.tweet.cache.CacheWrites;
import dev.twitterlike.tweetviews.TweetCache.Counts;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.util.Optional;

/**
 * Likes and retweets, idempotently and with exact counts under concurrency. Each operation first
 * locks the tweet row ({@code FOR NO KEY UPDATE}, the lock the count update needs anyway), which
 * also refuses a deleted tweet and keeps a deletion from slipping in between; then the like or
 * retweet row's key decides whether anything changed ({@code ON CONFLICT DO NOTHING} /
 * {@code DELETE ... RETURNING}); only then does the count move, by an atomic increment, and an
 * event go to the outbox, in the same transaction. Repeating an operation changes nothing and
 * emits nothing.
 *
 * <p>The row lock serialises engagement on one tweet; that caps a single very hot tweet at a few
 * thousand likes a second, which is far beyond this system's scale (sharded counters would lift it).
 */
@Service
class Engagements {

    record LikeState(boolean liked, int likeCount) {
    }

    record RetweetState(boolean retweeted, int retweetCount) {
    }

    private final JdbcClient jdbc;
    private final Snowflake ids;
    private final OutboxWriter outbox;
    private final CacheWrites cache;

    Engagements(JdbcClient jdbc, Snowflake ids, OutboxWriter outbox, CacheWrites cache) {
        this.jdbc = jdbc;
        this.cache = cache;
        this.ids = ids;
        this.outbox = outbox;
    }

    @Transactional
    LikeState like(long userId, long tweetId) {
        long authorId = lockVisible(tweetId);
        int inserted = jdbc.sql("INSERT INTO tweets.likes (user_id, tweet_id) VALUES (?, ?) ON CONFLICT DO NOTHING")
                .params(userId, tweetId).update();
        if (inserted == 0) {
            return new LikeState(true, count("like_count", tweetId));
        }
        int count = move("like_count", tweetId, +1).likes();
        cache.liked(userId, tweetId, true);
        outbox.append(Topics.LIKE_CREATED, userId, new TweetLiked(userId, tweetId, authorId));
        return new LikeState(true, count);
    }

    @Transactional
    LikeState unlike(long userId, long tweetId) {
        long authorId = lockVisible(tweetId);
        int deleted = jdbc.sql("DELETE FROM tweets.likes WHERE user_id = ? AND tweet_id = ?").params(userId, tweetId).update();
        if (deleted == 0) {
            return new LikeState(false, count("like_count", tweetId));
        }
        int count = move("like_count", tweetId, -1).likes();
        cache.liked(userId, tweetId, false);
        outbox.append(Topics.LIKE_REMOVED, userId, new TweetUnliked(userId, tweetId, authorId));
        return new LikeState(false, count);
    }

    /** Retweeting one's own tweet is allowed, as on Twitter; retweeting twice is the same retweet. */
    @Transactional
    RetweetState retweet(long userId, long tweetId) {
        long authorId = lockVisible(tweetId);
        Optional<Long> retweetId = jdbc.sql("INSERT INTO tweets.retweets (id, user_id, tweet_id) VALUES (?, ?, ?) "
                        + "ON CONFLICT (user_id, tweet_id) DO NOTHING RETURNING id")
                .params(ids.nextId(), userId, tweetId).query(Long.class).optional();
        if (retweetId.isEmpty()) {
            return new RetweetState(true, count("retweet_count", tweetId));
        }
        int count = move("retweet_count", tweetId, +1).retweets();
        cache.retweeted(userId, tweetId, true);
        outbox.append(Topics.RETWEET_CREATED, userId, new TweetRetweeted(retweetId.get(), userId, tweetId, authorId));
        return new RetweetState(true, count);
    }

    @Transactional
    RetweetState undoRetweet(long userId, long tweetId) {
        long authorId = lockVisible(tweetId);
        Optional<Long> retweetId = jdbc.sql("DELETE FROM tweets.retweets WHERE user_id = ? AND tweet_id = ? RETURNING id")
                .params(userId, tweetId).query(Long.class).optional();
        if (retweetId.isEmpty()) {
            return new RetweetState(false, count("retweet_count", tweetId));
        }
        int count = move("retweet_count", tweetId, -1).retweets();
        cache.retweeted(userId, tweetId, false);
        outbox.append(Topics.RETWEET_REMOVED, userId, new TweetUnretweeted(retweetId.get(), userId, tweetId, authorId));
        return new RetweetState(false, count);
    }

    /** Locks the tweet and returns its author; 404 when it does not exist or was deleted. */
    private long lockVisible(long tweetId) {
        return jdbc.sql("SELECT author_id FROM tweets.tweets WHERE id = ? AND deleted_at IS NULL FOR NO KEY UPDATE")
                .param(tweetId).query(Long.class).optional()
                .orElseThrow(() -> Problems.notFound("tweet", tweetId));
    }

    /**
     * Moves one count and the counts' version; the counts it leaves go to the cache after the commit.
     *
     * @param column one of the two count columns (never client input)
     */
    private Counts move(String column, long tweetId, int delta) {
        Counts counts = jdbc.sql("UPDATE tweets.tweets SET " + column + " = " + column + " + ?, counts_version = counts_version + 1 "
                        + "WHERE id = ? RETURNING " + CacheWrites.COUNTS)
                .params(delta, tweetId).query((rs, n) -> CacheWrites.counts(rs)).single();
        cache.counts(tweetId, counts);
        return counts;
    }

    private int count(String column, long tweetId) {
        return jdbc.sql("SELECT " + column + " FROM tweets.tweets WHERE id = ?").param(tweetId).query(Integer.class).single();
    }
}
